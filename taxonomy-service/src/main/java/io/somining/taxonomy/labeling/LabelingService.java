package io.somining.taxonomy.labeling;

import io.quarkus.security.ForbiddenException;
import io.somining.contracts.LabelFinalized;
import io.somining.contracts.LabelRecorded;
import io.somining.contracts.Topics;
import io.somining.platform.outbox.OutboxWriter;
import io.somining.taxonomy.repository.LabelingStore;
import io.somining.taxonomy.repository.LabelingStore.Entry;
import io.somining.taxonomy.repository.LabelingStore.Round;
import io.somining.taxonomy.repository.NodeLineage;
import io.somining.taxonomy.repository.TaxonomyNode;
import io.somining.taxonomy.repository.TaxonomyVersion;
import io.somining.taxonomy.stats.CohenKappa;
import io.somining.taxonomy.stats.SampleSize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Labeling rounds: a seeded sample of a set's questions, two raters who label blind, agreement
 * (Cohen's kappa) from the stored labels, disagreements settled by the round's arbitrator, final
 * labels and category shares. Who may do what on a round is decided here, by the round's own
 * raters and arbitrator, not by role alone.
 */
@ApplicationScoped
public class LabelingService {

    public static final String RATER = "RATER";
    public static final String ARBITRATOR = "ARBITRATOR";
    public static final String PENDING = "PENDING";
    public static final String FALSE_POSITIVE = "FALSE_POSITIVE";
    public static final String UNCLEAR = "UNCLEAR";
    public static final Set<String> SPECIAL = Set.of(FALSE_POSITIVE, UNCLEAR, PENDING);
    public static final Set<String> RELEVANCE = Set.of("KEEP", "DROP");

    @Inject
    LabelingStore store;

    @Inject
    OutboxWriter outbox;

    /**
     * What a new round is made of.
     *
     * @param strata the population (site/postId) by stratum, one entry with a null key when not
     *               stratified; read once the request's own fields are checked (it may ask the classifier)
     */
    public record NewRound(String name, String kind, String studyId, String setId, String taxonomyId, String raterA,
            String raterB, String arbitrator, long seed, java.util.function.Supplier<Map<String, List<String>>> strata,
            Integer size, double confidence,
            double margin, boolean roundUp, double pilotShare) {
    }

    @Transactional
    public Round create(NewRound request, String creator) {
        if (!"CATEGORY".equals(request.kind()) && !"RELEVANCE".equals(request.kind())) {
            throw new IllegalArgumentException("kind: CATEGORY or RELEVANCE, was '" + request.kind() + "'");
        }
        if (request.raterA().equals(request.raterB())) {
            throw new IllegalArgumentException("raters: two different people are needed, both were '" + request.raterA() + "'");
        }
        if (request.arbitrator().equals(request.raterA()) || request.arbitrator().equals(request.raterB())) {
            throw new IllegalArgumentException("arbitrator: must not be one of the raters");
        }
        Integer taxonomyVersion = null;
        if ("CATEGORY".equals(request.kind())) {
            if (request.taxonomyId() == null) {
                throw new IllegalArgumentException("taxonomyId: a category round labels with a taxonomy");
            }
            taxonomyVersion = TaxonomyVersion.latest(request.taxonomyId()).map(v -> v.version)
                    .orElseThrow(() -> new IllegalArgumentException("taxonomyId: no taxonomy '" + request.taxonomyId() + "'"));
        }
        Map<String, List<String>> strata = request.strata().get();
        int populationSize = 0;
        // a question in two strata could be drawn twice: the strata must split the population
        Map<String, String> stratumOf = new java.util.HashMap<>();
        for (Map.Entry<String, List<String>> stratum : strata.entrySet()) {
            for (String key : new java.util.LinkedHashSet<>(stratum.getValue())) {
                postKey(key);
                String other = stratumOf.putIfAbsent(key, String.valueOf(stratum.getKey()));
                if (other != null) {
                    throw new IllegalArgumentException("strata: '" + key + "' is in stratum '" + other + "' and in '"
                            + stratum.getKey() + "'; each question belongs to one stratum");
                }
            }
            populationSize += (int) stratum.getValue().stream().distinct().count();
        }
        if (populationSize == 0) {
            throw new IllegalArgumentException("population: no questions to sample from");
        }
        int size = request.size() != null ? request.size() : (int) (request.roundUp()
                ? SampleSize.of(populationSize, request.confidence(), request.margin(), 0.5).roundedUp()
                : SampleSize.of(populationSize, request.confidence(), request.margin(), 0.5).truncated());
        if (size < 1 || size > populationSize) {
            throw new IllegalArgumentException("size: must be between 1 and the population (" + populationSize + "), was " + size);
        }
        int pilot = (int) Math.ceil(request.pilotShare() * size);
        List<LabelingStore.Item> items = new ArrayList<>();
        for (StratifiedSample.Draw draw : StratifiedSample.draw(strata, size, pilot, request.seed())) {
            String[] key = postKey(draw.member());
            items.add(new LabelingStore.Item(key[0], Long.parseLong(key[1]), items.size(), draw.pilot(), draw.stratum()));
        }
        Round round = new Round(UUID.randomUUID(), request.name(), request.kind(), request.studyId(), request.setId(),
                request.taxonomyId(), taxonomyVersion, request.raterA(), request.raterB(), request.arbitrator(),
                request.seed(), populationSize, creator, Instant.now());
        store.insertRound(round, items);
        return round;
    }

    /** A population member's site and post id, from {@code site/postId}. */
    private static String[] postKey(String key) {
        int slash = key.lastIndexOf('/');
        try {
            return new String[] { key.substring(0, slash), Long.toString(Long.parseLong(key.substring(slash + 1))) };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("population: '" + key + "' is not site/postId");
        }
    }

    /** Every round, or (mine) those the user rates or arbitrates; a round's metadata hides no label. */
    public List<Round> rounds(String user, boolean mine) {
        return store.roundsWith(mine ? user : null);
    }

    public Round round(UUID id) {
        return store.round(id).orElseThrow(() -> new NotFoundException("no labeling round " + id));
    }

    public List<LabelingStore.Item> items(UUID id) {
        round(id);
        return store.items(id);
    }

    /**
     * A rater's label; refused unless the caller is one of the round's raters and the question is in its sample, and
     * once both raters have labeled the question (the same labels again answer the stored entry: a retry is harmless).
     */
    @Transactional
    public Entry label(UUID roundId, String site, long postId, String user, List<String> labels, String note) {
        Round round = round(roundId);
        if (!user.equals(round.raterA()) && !user.equals(round.raterB())) {
            throw new ForbiddenException("'" + user + "' is not a rater of round " + roundId);
        }
        requireInSample(round, site, postId);
        validate(round, labels);
        // once both have labeled, each sees the other's label: a change after that would no longer be blind
        Map<String, Entry> current = current(attached(round, store.history(round.id(), site, postId)));
        if (status(round, site, postId, current).bothLabeled()) {
            Entry own = current.get(user);
            if (new HashSet<>(own.labels()).equals(new HashSet<>(labels))) {
                return own;
            }
            throw new jakarta.ws.rs.WebApplicationException("question " + site + "/" + postId + " of round " + roundId
                    + " is labeled by both raters, who can now see each other's labels: a label changed after that would "
                    + "not be blind (kappa counts the blind ones); the arbitrator settles a disagreement", 409);
        }
        Entry entry = record(round, new Entry(site, postId, user, RATER, List.copyOf(labels), note, Instant.now()));
        // the question's state with this label, from the history already read
        current.put(statusKey(entry), entry);
        Status status = status(round, site, postId, current);
        if (status.decision() == null && status.finalLabels() != null) {
            finalized(round, site, postId, status.finalLabels(), "AGREED");
        }
        return entry;
    }

    /** The arbitrator's decision: the question's final label. */
    @Transactional
    public Entry decide(UUID roundId, String site, long postId, String user, List<String> labels, String note) {
        Round round = round(roundId);
        if (!user.equals(round.arbitrator())) {
            throw new ForbiddenException("'" + user + "' is not the arbitrator of round " + roundId);
        }
        requireInSample(round, site, postId);
        validate(round, labels);
        if (labels.contains(PENDING)) {
            throw new IllegalArgumentException("labels: a decision cannot be PENDING");
        }
        // the arbitrator settles what the raters disagree on; deciding anything else would let one person label
        Status now = status(round, site, postId);
        if (!now.disagree()) {
            throw new jakarta.ws.rs.WebApplicationException("question " + site + "/" + postId + " of round " + roundId
                    + " has no disagreement to settle: " + (now.bothLabeled() ? "both raters gave the same labels"
                    : "its raters have not both labeled it"), 409);
        }
        Entry entry = record(round, new Entry(site, postId, user, ARBITRATOR, List.copyOf(labels), note, Instant.now()));
        finalized(round, site, postId, entry.labels(), "DECIDED");
        return entry;
    }

    /** Announces a question's final label: agreed by both raters, decided, or imported. */
    void finalized(Round round, String site, long postId, List<String> labels, String source) {
        outbox.append(Topics.TAXONOMY, List.of(LabelFinalized.of(round.id().toString(), round.kind(), round.studyId(),
                round.setId(), site, postId, labels, source)));
    }

    /** One question's status, from its own entries (the round's other questions are not read). */
    private Status status(Round round, String site, long postId) {
        return status(round, site, postId, current(attached(round, store.history(round.id(), site, postId))));
    }

    private static String statusKey(Entry entry) {
        return entry.role().equals(ARBITRATOR) ? ARBITRATOR : entry.author();
    }

    /** @param current the latest entry of each rater (by name) and the latest decision (key ARBITRATOR) */
    private static Status status(Round round, String site, long postId, Map<String, Entry> current) {
        List<String> a = labels(current.get(round.raterA()));
        List<String> b = labels(current.get(round.raterB()));
        List<String> decision = labels(current.get(ARBITRATOR));
        List<String> fin = decision != null ? decision
                : labeled(a) && labeled(b) && new HashSet<>(a).equals(new HashSet<>(b)) ? a : null;
        return new Status(site, postId, a, b, decision, fin);
    }

    /**
     * Stores a label or decision and announces it. A rater's labels are not published: any subscriber may be the
     * other rater; the event says who labeled which question, and the final label follows as LabelFinalized.
     */
    Entry record(Round round, Entry entry) {
        store.append(round.id(), entry);
        String roundId = round.id().toString();
        outbox.append(Topics.TAXONOMY, List.of(entry.role().equals(RATER)
                ? LabelRecorded.withheld(roundId, round.studyId(), round.setId(), entry.site(), entry.postId(),
                        entry.author(), entry.role())
                : LabelRecorded.of(roundId, round.studyId(), round.setId(), entry.site(), entry.postId(), entry.author(),
                        entry.role(), entry.labels())));
        return entry;
    }

    /**
     * The labels on a question the caller may see: a rater of the round sees their own, and everything else only
     * once they have labeled it, whatever other roles they hold (blindness is about the person); the round's
     * researchers and arbitrator see all.
     */
    public List<Entry> visibleLabels(UUID roundId, String site, long postId, String user, boolean overseer) {
        Round round = round(roundId);
        requireInSample(round, site, postId);
        List<Entry> history = attached(round, store.history(roundId, site, postId));
        if (isRater(round, user)) {
            boolean ownLabeled = labeled(current(history).get(user));
            return history.stream().filter(e -> e.author().equals(user) || ownLabeled).toList();
        }
        if (overseer || user.equals(round.arbitrator())) {
            return history;
        }
        throw new ForbiddenException("'" + user + "' takes no part in round " + roundId);
    }

    /** The questions of a round its rater {@code user} has not labeled yet; 0 for anyone who does not rate it. */
    private long unlabeledBy(Round round, String user) {
        if (!isRater(round, user)) {
            return 0;
        }
        boolean isA = user.equals(round.raterA());
        return statuses(round.id()).stream().filter(s -> !labeled(isA ? s.a() : s.b())).count();
    }

    /**
     * Refuses an edit of a taxonomy version by someone who still labels blind with it: whether a node may be deleted
     * depends on the labels it holds, which would tell them the other rater's.
     */
    public void requireNoBlindRater(String taxonomyId, int version, String user) {
        for (Round round : store.roundsOn(taxonomyId, version)) {
            long unlabeled = unlabeledBy(round, user);
            if (unlabeled > 0) {
                throw new jakarta.ws.rs.WebApplicationException("'" + user + "' rates round " + round.id() + " on "
                        + taxonomyId + " and has " + unlabeled + " question(s) of it to label: its raters may not edit"
                        + " the taxonomy until then", 409);
            }
        }
    }

    private static boolean isRater(Round round, String user) {
        return user.equals(round.raterA()) || user.equals(round.raterB());
    }

    /**
     * Every question's status as the caller may see it: to a rater of the round, a question they have not labeled
     * yet shows their own label only (no other label, no decision, no final label).
     */
    public List<Status> statuses(UUID roundId, String user) {
        Round round = round(roundId);
        List<Status> all = statuses(roundId);
        if (!isRater(round, user)) {
            return all;
        }
        boolean isA = user.equals(round.raterA());
        return all.stream().map(s -> labeled(isA ? s.a() : s.b()) ? s
                : new Status(s.site(), s.postId(), isA ? s.a() : null, isA ? null : s.b(), null, null)).toList();
    }

    /**
     * Figures made of final labels (shares, kept questions) cannot be cut per question: a rater of the round sees
     * them once they have labeled every question of its sample.
     */
    private void requireNotBlind(Round round, String user) {
        long unlabeled = unlabeledBy(round, user);
        if (unlabeled > 0) {
            throw new jakarta.ws.rs.WebApplicationException("'" + user + "' rates round " + round.id() + " and has " + unlabeled
                    + " question(s) of it to label: its final labels stay hidden from its raters until then", 409);
        }
    }

    /** The questions assigned to a rater, with the rater's own current label. */
    public List<Assignment> assignments(UUID roundId, String user) {
        Round round = round(roundId);
        if (!user.equals(round.raterA()) && !user.equals(round.raterB())) {
            throw new ForbiddenException("'" + user + "' is not a rater of round " + roundId);
        }
        Map<String, Entry> own = new HashMap<>();
        attached(round, store.latestEntries(roundId)).stream().filter(e -> e.author().equals(user) && e.role().equals(RATER))
                .forEach(e -> own.put(e.site() + "/" + e.postId(), e));
        return store.items(roundId).stream()
                .map(i -> new Assignment(i.site(), i.postId(), i.pilot(), Optional.ofNullable(own.get(i.site() + "/" + i.postId()))
                        .map(Entry::labels).orElse(null)))
                .toList();
    }

    /** A sampled question and the rater's own label (null before labeling). */
    public record Assignment(String site, long postId, boolean pilot, List<String> labels) {
    }

    /** Where a question stands: both raters' current labels, the decision, and the final label. */
    public record Status(String site, long postId, List<String> a, List<String> b, List<String> decision,
            List<String> finalLabels) {

        boolean bothLabeled() {
            return labeled(a) && labeled(b);
        }

        boolean disagree() {
            return bothLabeled() && !new HashSet<>(a).equals(new HashSet<>(b));
        }
    }

    public List<Status> statuses(UUID roundId) {
        Round round = round(roundId);
        Map<String, Map<String, Entry>> byItem = new HashMap<>();
        for (Entry e : attached(round, store.latestEntries(roundId))) {
            byItem.computeIfAbsent(e.site() + "/" + e.postId(), k -> new HashMap<>()).put(statusKey(e), e);
        }
        List<Status> statuses = new ArrayList<>();
        for (LabelingStore.Item item : store.items(roundId)) {
            statuses.add(status(round, item.site(), item.postId(),
                    byItem.getOrDefault(item.site() + "/" + item.postId(), Map.of())));
        }
        return statuses;
    }

    /**
     * A relevance round's outcome: the questions finally kept (both raters KEEP, or the arbitrator's
     * KEEP), which become the reviewed members of the set it reviewed.
     */
    public List<Status> kept(UUID roundId, String user) {
        Round round = round(roundId);
        requireNotBlind(round, user);
        if (!"RELEVANCE".equals(round.kind())) {
            throw new IllegalArgumentException("round " + roundId + " is a category round: it keeps no questions");
        }
        return statuses(roundId).stream().filter(s -> s.finalLabels() != null && s.finalLabels().contains("KEEP")).toList();
    }

    /** Questions both raters labeled differently and the arbitrator has not decided yet. */
    public List<Status> disagreements(UUID roundId) {
        return statuses(roundId).stream().filter(s -> s.disagree() && s.decision() == null).toList();
    }

    /**
     * Agreement over the questions both raters labeled: overall, per platform (top-level node) and per category.
     *
     * @param perCategory keyed by the category's node id (names repeat under different parents: four "Procedure"
     *                    leaves in the paper's taxonomy), or FALSE_POSITIVE / UNCLEAR
     * @param categoryPaths each category's path from its platform, for people ("Mobile / Model Conversion / Procedure")
     * @param categoryAgreement the same one-against-the-rest agreement as {@code perCategory}, in full: kappa with its
     *                          standard error and 95 % interval, observed and expected agreement (added after
     *                          {@code perCategory}, which stays as it was)
     */
    public record Agreement(int labeledByBoth, CohenKappa overall, Map<String, CohenKappa> perPlatform,
            Map<String, Double> perCategory, Map<String, String> categoryPaths,
            Map<String, CohenKappa> categoryAgreement) {
    }

    public Agreement agreement(UUID roundId) {
        Round round = round(roundId);
        List<Status> both = statuses(roundId).stream().filter(Status::bothLabeled).toList();
        CohenKappa overall = CohenKappa.of(both.stream().map(s -> joined(s.a())).toList(),
                both.stream().map(s -> joined(s.b())).toList());
        Map<String, CohenKappa> perPlatform = new TreeMap<>();
        Map<String, Double> perCategory = new TreeMap<>();
        Map<String, String> categoryPaths = new TreeMap<>();
        Map<String, CohenKappa> categoryAgreement = new TreeMap<>();
        if ("CATEGORY".equals(round.kind())) {
            Tree tree = tree(round);
            for (String platform : tree.platforms()) {
                perPlatform.put(tree.name(platform), CohenKappa.of(
                        both.stream().map(s -> tree.under(s.a(), platform) ? "yes" : "no").toList(),
                        both.stream().map(s -> tree.under(s.b(), platform) ? "yes" : "no").toList()));
            }
            Set<String> used = new TreeSet<>();
            both.forEach(s -> {
                used.addAll(s.a());
                used.addAll(s.b());
            });
            for (String category : used) {
                CohenKappa one = CohenKappa.of(both.stream().map(s -> s.a().contains(category) ? "yes" : "no").toList(),
                        both.stream().map(s -> s.b().contains(category) ? "yes" : "no").toList());
                perCategory.put(category, one == null ? null : one.kappa());
                categoryAgreement.put(category, one);
                categoryPaths.put(category, SPECIAL.contains(category) ? category : tree.path(category));
            }
        }
        return new Agreement(both.size(), overall, perPlatform, perCategory, categoryPaths, categoryAgreement);
    }

    /** A node's count and share of its platform's finally labeled questions. */
    public record Share(String nodeId, String name, int depth, String platform, int questions, Double share) {
    }

    /**
     * For each node, the finally labeled questions with a label at or under it, and their share of
     * its platform's finally labeled questions (false positives and unclear ones left out; a question
     * with two categories counts in both).
     */
    public List<Share> shares(UUID roundId, String user) {
        Round round = round(roundId);
        requireNotBlind(round, user);
        if (!"CATEGORY".equals(round.kind())) {
            throw new IllegalArgumentException("round " + roundId + " is a relevance round: it has no categories");
        }
        Tree tree = tree(round);
        List<List<String>> finals = statuses(roundId).stream().map(Status::finalLabels)
                .filter(l -> l != null && l.stream().noneMatch(SPECIAL::contains)).toList();
        List<Share> shares = new ArrayList<>();
        for (TaxonomyNode node : tree.preorder()) {
            String id = node.id.toString();
            String platform = tree.platformOf(id);
            int count = (int) finals.stream().filter(labels -> tree.under(labels, id)).count();
            int ofPlatform = (int) finals.stream().filter(labels -> tree.under(labels, platform)).count();
            shares.add(new Share(id, node.name, node.depth, tree.name(platform), count,
                    ofPlatform == 0 ? null : (double) count / ofPlatform));
        }
        return shares;
    }

    private void requireInSample(Round round, String site, long postId) {
        if (!store.inSample(round.id(), site, postId)) {
            throw new NotFoundException("question " + site + "/" + postId + " is not in the sample of round " + round.id());
        }
    }

    private void validate(Round round, List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels: at least one is needed");
        }
        if ("RELEVANCE".equals(round.kind())) {
            if (labels.size() != 1 || !RELEVANCE.contains(labels.get(0))) {
                throw new IllegalArgumentException("labels: a relevance round takes exactly one of KEEP, DROP, was " + labels);
            }
            return;
        }
        boolean special = labels.stream().anyMatch(SPECIAL::contains);
        if (special && labels.size() > 1) {
            throw new IllegalArgumentException("labels: " + labels.stream().filter(SPECIAL::contains).findFirst().get()
                    + " stands alone, without categories");
        }
        if (!special) {
            Tree tree = tree(round);
            for (String label : labels) {
                if (!tree.labelable(label)) {
                    throw new IllegalArgumentException("labels: '" + label + "' is not a leaf (or childless) category of taxonomy "
                            + round.taxonomyId() + " version " + round.taxonomyVersion());
                }
            }
        }
    }

    /**
     * The entries with each label read as the node it is now: a label given before the taxonomy was
     * edited follows its node through renames, moves and merges to the round's version.
     */
    private static List<Entry> attached(Round round, List<Entry> entries) {
        if (!"CATEGORY".equals(round.kind())) {
            return entries;
        }
        Set<String> current = tree(round).byId().keySet();
        Map<String, String> lineage = NodeLineage.ofTaxonomy(round.taxonomyId());
        if (lineage.isEmpty()) {
            return entries;
        }
        return entries.stream().map(e -> new Entry(e.site(), e.postId(), e.author(), e.role(), e.labels().stream()
                .map(label -> {
                    String node = label;
                    while (!current.contains(node) && lineage.containsKey(node)) {
                        node = lineage.get(node);
                    }
                    return node;
                }).distinct().toList(), e.note(), e.createdAt())).toList();
    }

    /** How many current labels and decisions of the rounds on a taxonomy version name one of the nodes. */
    public int labelsOn(String taxonomyId, int version, Set<String> nodeIds) {
        int count = 0;
        for (Round round : store.roundsOn(taxonomyId, version)) {
            for (Entry entry : attached(round, store.latestEntries(round.id()))) {
                if (entry.labels().stream().anyMatch(nodeIds::contains)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static Tree tree(Round round) {
        return new Tree(TaxonomyNode.ofVersion(round.taxonomyId(), round.taxonomyVersion()));
    }

    /** The round's taxonomy version as the labels need it. */
    private record Tree(List<TaxonomyNode> nodes, Map<String, TaxonomyNode> byId, Set<String> parents) {

        Tree(List<TaxonomyNode> nodes) {
            this(nodes, index(nodes), parentsOf(nodes));
        }

        private static Map<String, TaxonomyNode> index(List<TaxonomyNode> nodes) {
            Map<String, TaxonomyNode> byId = new LinkedHashMap<>();
            nodes.stream().sorted(Comparator.comparingLong(n -> n.id)).forEach(n -> byId.put(n.id.toString(), n));
            return byId;
        }

        private static Set<String> parentsOf(List<TaxonomyNode> nodes) {
            Set<String> parents = new HashSet<>();
            nodes.stream().filter(n -> n.parentId != null).forEach(n -> parents.add(n.parentId.toString()));
            return parents;
        }

        boolean labelable(String id) {
            return byId.containsKey(id) && !parents.contains(id);
        }

        /** Every node, each followed by its subtree, siblings in their order: the order a tree is read in. */
        List<TaxonomyNode> preorder() {
            Map<Long, List<TaxonomyNode>> children = new HashMap<>();
            nodes.forEach(n -> children.computeIfAbsent(n.parentId, p -> new ArrayList<>()).add(n));
            children.values().forEach(list -> list.sort(Comparator.comparingInt(n -> n.position)));
            List<TaxonomyNode> ordered = new ArrayList<>();
            java.util.Deque<TaxonomyNode> stack = new java.util.ArrayDeque<>();
            List<TaxonomyNode> roots = children.getOrDefault(null, List.of());
            for (int i = roots.size() - 1; i >= 0; i--) {
                stack.push(roots.get(i));
            }
            while (!stack.isEmpty()) {
                TaxonomyNode node = stack.pop();
                ordered.add(node);
                List<TaxonomyNode> below = children.getOrDefault(node.id, List.of());
                for (int i = below.size() - 1; i >= 0; i--) {
                    stack.push(below.get(i));
                }
            }
            return ordered;
        }

        List<String> platforms() {
            return nodes.stream().filter(n -> n.parentId == null).sorted(Comparator.comparingInt(n -> n.position))
                    .map(n -> n.id.toString()).toList();
        }

        String platformOf(String id) {
            TaxonomyNode node = byId.get(id);
            while (node != null && node.parentId != null) {
                node = byId.get(node.parentId.toString());
            }
            return node == null ? id : node.id.toString();
        }

        /** Whether any of the labels is the node or lies under it. */
        boolean under(List<String> labels, String ancestor) {
            for (String label : labels) {
                for (TaxonomyNode n = byId.get(label); n != null; n = n.parentId == null ? null : byId.get(n.parentId.toString())) {
                    if (n.id.toString().equals(ancestor)) {
                        return true;
                    }
                }
            }
            return false;
        }

        String name(String id) {
            TaxonomyNode node = byId.get(id);
            return node == null ? id : node.name;
        }

        /** The node's names from its platform down, joined by " / ". */
        String path(String id) {
            java.util.LinkedList<String> names = new java.util.LinkedList<>();
            for (TaxonomyNode n = byId.get(id); n != null; n = n.parentId == null ? null : byId.get(n.parentId.toString())) {
                names.addFirst(n.name);
            }
            return names.isEmpty() ? id : String.join(" / ", names);
        }
    }

    private static boolean labeled(Entry entry) {
        return entry != null && labeled(entry.labels());
    }

    private static boolean labeled(List<String> labels) {
        return labels != null && !labels.contains(PENDING);
    }

    private static List<String> labels(Entry entry) {
        return entry == null ? null : entry.labels();
    }

    /** From a question's history (oldest first): the latest entry of each rater, by name, and the latest decision. */
    private static Map<String, Entry> current(List<Entry> history) {
        Map<String, Entry> current = new HashMap<>();
        history.forEach(e -> current.put(statusKey(e), e));
        return current;
    }

    private static String joined(List<String> labels) {
        return String.join("+", new TreeSet<>(labels));
    }
}
