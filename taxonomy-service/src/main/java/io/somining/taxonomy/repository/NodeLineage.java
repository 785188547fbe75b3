package io.somining.taxonomy.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.HashMap;
import java.util.Map;

/** Which node of the next version a node became when its taxonomy was edited. */
@Entity
@Table(name = "node_lineage")
public class NodeLineage extends PanacheEntityBase {

    @Id
    @Column(name = "from_node_id")
    public Long fromNodeId;

    @Column(name = "to_node_id")
    public Long toNodeId;

    public static NodeLineage of(long from, long to) {
        NodeLineage lineage = new NodeLineage();
        lineage.fromNodeId = from;
        lineage.toNodeId = to;
        return lineage;
    }

    /** Every step of every edit of a taxonomy: node id to the id it became. */
    public static Map<String, String> ofTaxonomy(String taxonomyId) {
        Map<String, String> steps = new HashMap<>();
        getEntityManager().createNativeQuery("""
                SELECT l.from_node_id, l.to_node_id FROM node_lineage l JOIN taxonomy_node n ON n.id = l.from_node_id
                WHERE n.taxonomy_id = ?1""", Object[].class).setParameter(1, taxonomyId).getResultList()
                .forEach(row -> {
                    Object[] pair = (Object[]) row;
                    steps.put(pair[0].toString(), pair[1].toString());
                });
        return steps;
    }
}
