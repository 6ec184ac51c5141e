package dev.chezhu.recommendation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.chezhu.recommendation.domain.PopularityRanking.Candidate;

class PopularityRankingTest {

    private static CatalogueItem item(String id, Integer editorialRank) {
        return new CatalogueItem(id, id, AudioKind.TALK, List.of("commute"), "zh-CN", Duration.ofMinutes(10),
                "skyline-fm", false, false, editorialRank);
    }

    private static CatalogueItem retired(String id, Integer editorialRank) {
        return new CatalogueItem(id, id, AudioKind.TALK, List.of(), "zh-CN", Duration.ofMinutes(10), "skyline-fm",
                false, true, editorialRank);
    }

    private static List<String> ids(List<RankedItem> ranked) {
        return ranked.stream().map(r -> r.item().id()).toList();
    }

    @Test
    void withoutAnyEventTheEditorialOrderAnswers() {
        List<RankedItem> ranked = PopularityRanking.rank(List.of(
                new Candidate(item("c", 3), null), new Candidate(item("a", 1), null),
                new Candidate(item("unranked", null), null), new Candidate(item("b", 2), null)), Set.of(), 10);
        assertEquals(List.of("a", "b", "c", "unranked"), ids(ranked));
        assertTrue(ranked.stream().allMatch(r -> r.reasonCode().equals(PopularityRanking.EDITORS_PICK)));
        assertTrue(ranked.stream().allMatch(r -> r.score() == 0));
    }

    @Test
    void popularItemsComeFirstMostPopularFirstThenEditorialThenDisliked() {
        List<RankedItem> ranked = PopularityRanking.rank(List.of(
                new Candidate(item("editor-1", 1), -2.0),
                new Candidate(item("editor-2", 2), null),
                new Candidate(item("editor-3", 3), 0.0),
                new Candidate(item("hit", 30), 9.0),
                new Candidate(item("liked", 20), 3.0),
                new Candidate(item("hated", 4), -8.0)), Set.of(), 10);
        assertEquals(List.of("hit", "liked", "editor-2", "editor-3", "editor-1", "hated"), ids(ranked));
        assertEquals(List.of(PopularityRanking.POPULAR_WITH_OWNERS, PopularityRanking.POPULAR_WITH_OWNERS,
                PopularityRanking.EDITORS_PICK, PopularityRanking.EDITORS_PICK, PopularityRanking.EDITORS_PICK,
                PopularityRanking.EDITORS_PICK), ranked.stream().map(RankedItem::reasonCode).toList());
        assertEquals(9.0, ranked.get(0).score());
        assertTrue(ranked.stream().noneMatch(r -> r.reason().isBlank()));
    }

    @Test
    void recentPlaysAndRetiredItemsNeverAppear() {
        List<RankedItem> ranked = PopularityRanking.rank(List.of(
                new Candidate(item("played", 1), 50.0),
                new Candidate(retired("gone", 2), 40.0),
                new Candidate(item("fresh", 3), 1.0),
                new Candidate(item("editor", 4), null)), Set.of("played"), 10);
        assertEquals(List.of("fresh", "editor"), ids(ranked));
    }

    @Test
    void tiesBreakOnEditorialOrderThenIdAndDuplicatesCountOnce() {
        List<RankedItem> ranked = PopularityRanking.rank(List.of(
                new Candidate(item("z", 5), 3.0),
                new Candidate(item("y", 2), 3.0),
                new Candidate(item("x", 2), 3.0),
                new Candidate(item("z", 5), 3.0)), Set.of(), 10);
        assertEquals(List.of("x", "y", "z"), ids(ranked));
    }

    @Test
    void answersAtMostCount() {
        List<Candidate> many = java.util.stream.IntStream.rangeClosed(1, 30)
                .mapToObj(i -> new Candidate(item("item-" + i, i), (double) i)).toList();
        List<RankedItem> ranked = PopularityRanking.rank(many, Set.of(), 5);
        assertEquals(List.of("item-30", "item-29", "item-28", "item-27", "item-26"), ids(ranked));
    }
}
