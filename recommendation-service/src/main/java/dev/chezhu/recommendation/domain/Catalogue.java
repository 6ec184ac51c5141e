package dev.chezhu.recommendation.domain;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.recommendation.persistence.AudioItemEntity;
import dev.chezhu.recommendation.persistence.CatalogueStore;
import dev.chezhu.recommendation.persistence.ListeningSignals;
import dev.chezhu.recommendation.persistence.ModelStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Catalogue management by content partners and the platform team. Every change commits in
 * PostgreSQL, then bumps the catalogue version in Redis so that every replica reloads its in-memory
 * catalogue (this one at once): a retired item is never recommended again and takes no new events;
 * it also leaves the popularity board. Items are never deleted (events refer to them).
 */
@ApplicationScoped
public class Catalogue {

    private final CatalogueStore store;
    private final ModelStore models;
    private final ListeningSignals signals;
    private final ServingModel serving;
    private final Clock clock;

    public Catalogue(CatalogueStore store, ModelStore models, ListeningSignals signals, ServingModel serving,
            Clock clock) {
        this.store = store;
        this.models = models;
        this.signals = signals;
        this.serving = serving;
        this.clock = clock;
    }

    @WithSpan("Catalogue.create")
    public Uni<CatalogueCommands.Created> create(CatalogueCommands.Create command, Caller caller) {
        return Uni.createFrom().voidItem()
                .invoke(() -> CatalogueAccess.checkWrite(caller))
                .invoke(() -> CatalogueValidator.validateCreate(command))
                .flatMap(v -> createInTransaction(command, CatalogueAccess.owner(caller)))
                .call(created -> created.replayed() ? Uni.createFrom().voidItem() : changed());
    }

    @WithTransaction
    Uni<CatalogueCommands.Created> createInTransaction(CatalogueCommands.Create command, String owner) {
        Span.current().setAttribute("item.id", command.itemId());
        String fingerprint = CatalogueValidator.fingerprint(command);
        return store.findByCreateRequest(owner, command.requestId()).flatMap(previous -> {
            if (previous.isPresent()) {
                if (!fingerprint.equals(previous.get().createRequestHash)) {
                    return Uni.createFrom().failure(ServiceException.alreadyExists("REQUEST_ID_REUSED",
                            "request_id was already used to create a different item"));
                }
                return store.withTags(List.of(previous.get()))
                        .map(items -> new CatalogueCommands.Created(items.get(0), true));
            }
            return store.findEntity(command.itemId()).flatMap(existing -> {
                if (existing.isPresent()) {
                    return Uni.createFrom().failure(ServiceException.alreadyExists("ITEM_EXISTS",
                            ResourceNames.ITEMS + command.itemId() + " already exists"));
                }
                CatalogueCommands.ItemFields f = command.fields();
                AudioItemEntity row = new AudioItemEntity();
                row.id = command.itemId();
                apply(row, f, CatalogueValidator.UPDATABLE);
                row.createdAt = now();
                row.updatedAt = row.createdAt;
                row.ownerClient = owner;
                row.createRequestId = command.requestId();
                row.createRequestHash = fingerprint;
                List<String> tags = f.tags().stream().distinct().sorted().toList();
                return store.insert(row, tags).map(stored -> new CatalogueCommands.Created(
                        CatalogueStore.toDomain(stored, tags), false));
            });
        });
    }

    @WithSpan("Catalogue.update")
    public Uni<CatalogueItem> update(CatalogueCommands.Update command, Caller caller) {
        return Uni.createFrom().item(() -> {
            CatalogueAccess.checkWrite(caller);
            return CatalogueValidator.validateUpdate(command);
        }).flatMap(id -> updateInTransaction(id, command, caller))
                .onFailure(failure -> failure instanceof jakarta.persistence.OptimisticLockException
                        || failure instanceof org.hibernate.StaleStateException)
                .transform(failure -> ServiceException.aborted("CONCURRENT_UPDATE",
                        "The item was changed concurrently: get it again and reapply the change"))
                .call(item -> changed());
    }

    @WithTransaction
    Uni<CatalogueItem> updateInTransaction(String id, CatalogueCommands.Update command, Caller caller) {
        Span.current().setAttribute("item.id", id);
        return existing(id).flatMap(row -> {
            CatalogueAccess.checkOwner(caller, CatalogueStore.toDomain(row, List.of()));
            if (row.retired) {
                return Uni.createFrom().failure(ServiceException.failedPrecondition("ITEM_RETIRED",
                        ResourceNames.ITEMS + id + " is retired and can no longer be changed"));
            }
            if (command.etag() != null && !command.etag().isEmpty() && !command.etag().equals(etag(row.version))) {
                return Uni.createFrom().failure(ServiceException.aborted("ETAG_MISMATCH",
                        "The item changed since it was read: get it again and reapply the change"));
            }
            apply(row, command.fields(), command.mask());
            row.updatedAt = now();
            Uni<Void> tags = command.mask().contains("tags")
                    ? store.setTags(id, command.fields().tags().stream().distinct().sorted().toList())
                    : Uni.createFrom().voidItem();
            return tags.call(() -> Panache.getSession().flatMap(s -> s.flush()))
                    .flatMap(v -> store.find(id)).map(Optional::orElseThrow);
        });
    }

    @WithSpan("Catalogue.retire")
    public Uni<CatalogueItem> retire(String name, Caller caller) {
        return Uni.createFrom().item(() -> {
            CatalogueAccess.checkWrite(caller);
            return CatalogueValidator.itemId(name, "name");
        }).flatMap(id -> retireInTransaction(id, caller)
                .call(item -> signals.removeFromPopularity(item.id()))
                .call(item -> changed()));
    }

    @WithTransaction
    Uni<CatalogueItem> retireInTransaction(String id, Caller caller) {
        Span.current().setAttribute("item.id", id);
        return existing(id).flatMap(row -> {
            CatalogueAccess.checkOwner(caller, CatalogueStore.toDomain(row, List.of()));
            if (!row.retired) {
                row.retired = true;
                row.updatedAt = now();
            }
            return Panache.getSession().flatMap(s -> s.flush())
                    .flatMap(v -> store.find(id)).map(Optional::orElseThrow);
        });
    }

    @WithSpan("Catalogue.get")
    @WithSession
    public Uni<CatalogueItem> get(String name) {
        return Uni.createFrom().item(() -> CatalogueValidator.itemId(name, "name"))
                .flatMap(id -> store.find(id).map(found -> found.orElseThrow(
                        () -> ServiceException.notFound("ITEM_NOT_FOUND", ResourceNames.ITEMS + id))));
    }

    @WithSpan("Catalogue.list")
    @WithSession
    public Uni<CatalogueCommands.Page<CatalogueItem>> list(CatalogueCommands.ListPage request) {
        return Uni.createFrom().item(() -> new Object[] { CatalogueValidator.pageSize(request.pageSize()),
                CatalogueValidator.decodeToken(request.pageToken()) })
                .flatMap(args -> {
                    int size = (int) args[0];
                    String after = (String) args[1];
                    String provider = request.provider() == null || request.provider().isBlank() ? null
                            : request.provider();
                    return store.page(after, size + 1, request.showRetired(), provider).map(items -> {
                        boolean more = items.size() > size;
                        List<CatalogueItem> page = more ? items.subList(0, size) : items;
                        return new CatalogueCommands.Page<>(page,
                                more ? CatalogueValidator.encodeToken(page.get(page.size() - 1).id()) : "");
                    });
                });
    }

    /** PostgreSQL keeps microseconds: the first answer must equal what a later read returns. */
    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    private Uni<AudioItemEntity> existing(String id) {
        return store.findEntity(id).map(found -> found.orElseThrow(
                () -> ServiceException.notFound("ITEM_NOT_FOUND", ResourceNames.ITEMS + id)));
    }

    private static void apply(AudioItemEntity row, CatalogueCommands.ItemFields f, java.util.Set<String> paths) {
        if (paths.contains("title")) {
            row.title = f.title().trim();
        }
        if (paths.contains("kind")) {
            row.kind = f.kind().name();
        }
        if (paths.contains("language")) {
            row.language = f.language();
        }
        if (paths.contains("duration")) {
            row.durationSeconds = (int) f.duration().getSeconds();
        }
        if (paths.contains("provider")) {
            row.provider = f.provider().trim();
        }
        if (paths.contains("explicit")) {
            row.explicit = f.explicit();
        }
        if (paths.contains("editorial_rank")) {
            row.editorialRank = f.editorialRank() == 0 ? null : f.editorialRank();
        }
    }

    private Uni<Void> changed() {
        return models.catalogueChanged().invoke(serving::invalidate);
    }
}
