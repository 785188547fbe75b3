package io.somining.taxonomy.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Map;

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

    /** Separates the names of a path, from the platform down: "Server/Cloud / Environment / Installing/building frameworks". */
    public static final String PATH_SEPARATOR = " / ";

    /** The node's path among the nodes of its version, indexed by id. */
    public String path(Map<Long, TaxonomyNode> byId) {
        StringBuilder path = new StringBuilder(name);
        for (TaxonomyNode up = byId.get(parentId); up != null; up = byId.get(up.parentId)) {
            path.insert(0, up.name + PATH_SEPARATOR);
        }
        return path.toString();
    }
}
