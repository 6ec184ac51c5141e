package dev.chezhu.identity.domain;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.persistence.AdminStore;
import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.platform.error.ServiceException;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** ListMergeRecords: every merge and unmerge a person's cluster went through (the dealer console's 360 page). */
@ApplicationScoped
public class MergeHistory {

    public record Page(List<AdminStore.MergeRow> merges, String nextPageToken) {
    }

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;

    private final PersonLocks locks;
    private final PersonStore persons;
    private final AdminStore admin;

    public MergeHistory(PersonLocks locks, PersonStore persons, AdminStore admin) {
        this.locks = locks;
        this.persons = persons;
        this.admin = admin;
    }

    @WithSpan("MergeHistory.list")
    @WithSession
    public Uni<Page> list(@SpanAttribute("person.id") String personId, int pageSize, String pageToken) {
        if (pageSize < 0) {
            return Uni.createFrom().failure(ServiceException.invalidField("page_size", "must not be negative"));
        }
        int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
        int offset;
        try {
            offset = OffsetTokens.offset(pageToken);
        } catch (ServiceException e) {
            return Uni.createFrom().failure(e);
        }
        // the members as they are now, and the merges any of them took part in (undone ones included:
        // the split-off person's ID still appears in its old survivor's history and vice versa)
        return locks.rootOf(personId).flatMap(persons::members).flatMap(admin::merges).map(all -> {
            int end = Math.min(all.size(), offset + size);
            return new Page(all.subList(Math.min(offset, end), end), end < all.size() ? OffsetTokens.token(end) : "");
        });
    }
}
