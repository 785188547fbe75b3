package io.somining.taxonomy.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** A node of a taxonomy version's tree. */
@Entity
@Table(name = "taxonomy_node")
public class TaxonomyNode extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "taxonomy_id")
    public String taxonomyId;

    public int version;

    @Column(name = "parent_id")
    public Long parentId;

    public String name;

    public String description;

    public int depth;

    public int position;

    public static List<TaxonomyNode> ofVersion(String taxonomyId, int version) {
        return list("taxonomyId = ?1 and version = ?2 order by depth, parentId, position", taxonomyId, version);
    }
}
