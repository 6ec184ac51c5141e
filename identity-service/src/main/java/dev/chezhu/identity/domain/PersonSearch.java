package dev.chezhu.identity.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.persistence.SearchStore;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * SearchPersons: finds persons by phone, e-mail, VIN, licence plate or name fragment. Phones and
 * e-mails are normalised exactly as observations are, so any spelling finds the person; a junk
 * value (test number, placeholder) or a shared (quarantined) identifier finds nobody, and erased
 * persons are never returned. A dealer searches among its own customers only.
 */
@ApplicationScoped
public class PersonSearch {

    public enum Kind {
        PHONE, EMAIL, VIN, LICENCE_PLATE, NAME
    }

    /** A search as received; {@code kind} null when the request named none. */
    public record Query(Kind kind, String value, String dealerId, int pageSize, String pageToken) {
    }

    /** What a search shows of one person. */
    public record Summary(String personId, String displayName, String maskedPhone, List<VehicleLink> vehicles,
            Lifecycle.Stage stage, List<String> dealerIds) {
    }

    public record Page(List<Summary> persons, String nextPageToken) {
    }

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_NAME_FRAGMENT = 64;
    /** Below this many characters a fragment has no trigram: it matches the start of a name part. */
    private static final int TRIGRAM = 3;
    private static final Pattern PLATE = Pattern.compile("^[\\p{L}\\p{N}]{2,12}$");
    private static final Pattern PRINTABLE = Pattern.compile("^\\P{Cntrl}+$");

    private final SearchStore store;
    private final IdentifierNormalizer normalizer;
    private final Guardrails guardrails;
    private final TraitSurvivorship survivorship;

    public PersonSearch(SearchStore store, IdentifierNormalizer normalizer, Guardrails guardrails,
            TraitSurvivorship survivorship) {
        this.store = store;
        this.normalizer = normalizer;
        this.guardrails = guardrails;
        this.survivorship = survivorship;
    }

    @WithSpan("PersonSearch.search")
    public Uni<Page> search(Query query, Caller caller) {
        return Uni.createFrom().deferred(() -> {
            String dealer = dealerFilter(query.dealerId(), caller);
            Violations violations = new Violations();
            violations.require(query.pageSize() >= 0, "page_size", "must not be negative");
            if (query.kind() == null) {
                violations.add("query", "one of phone, email, vin, licence_plate or name is required");
            }
            String after = after(query.pageToken(), violations);
            int size = query.pageSize() == 0 ? DEFAULT_PAGE_SIZE : Math.min(query.pageSize(), MAX_PAGE_SIZE);
            Supplier<Uni<List<SearchStore.Found>>> found = query.kind() == null ? null
                    : find(query.kind(), query.value() == null ? "" : query.value(), dealer, after, size + 1, violations);
            violations.throwIfAny("INVALID_SEARCH");
            // the kind only: the value searched is personal data
            Span.current().setAttribute("search.kind", query.kind().name());
            return run(found, size);
        });
    }

    @WithSession
    Uni<Page> run(Supplier<Uni<List<SearchStore.Found>>> found, int size) {
        return found.get().map(rows -> {
            List<Summary> persons = new ArrayList<>();
            for (SearchStore.Found row : rows.subList(0, Math.min(size, rows.size()))) {
                persons.add(new Summary(row.personId(), displayName(row.nameTraits()),
                        row.firstPhone().map(PersonSearch::maskPhone).orElse(""), row.vehicles(), row.stage(),
                        row.dealerIds()));
            }
            String next = rows.size() > size ? token(persons.get(persons.size() - 1).personId()) : "";
            return new Page(persons, next);
        });
    }

    /** The dealer filter: a dealer caller's own dealer (naming another is refused), else as given. */
    static String dealerFilter(String requested, Caller caller) {
        String given = requested == null || requested.isBlank() ? null : requested.trim();
        if (caller.isDealer()) {
            String own = caller.dealerId().filter(d -> !d.isBlank()).orElseThrow(() -> ServiceException
                    .permissionDenied("DEALER_CLAIM_MISSING", "A dealer token must carry dealer_id"));
            if (given != null && !given.equals(own)) {
                throw ServiceException.permissionDenied("DEALER_MISMATCH", "A dealer searches its own customers only");
            }
            return own;
        }
        if (given != null && !Lifecycles.DEALER_ID.matcher(given).matches()) {
            throw ServiceException.invalidField("dealer_id", "1-32 of [A-Za-z0-9_-]");
        }
        return given;
    }

    private Supplier<Uni<List<SearchStore.Found>>> find(Kind kind, String value, String dealer, String after, int limit,
            Violations violations) {
        switch (kind) {
            case PHONE, EMAIL -> {
                IdentifierKind type = kind == Kind.PHONE ? IdentifierKind.PHONE : IdentifierKind.EMAIL;
                String field = kind == Kind.PHONE ? "phone" : "email";
                Violations normalising = new Violations();
                Optional<IdentifierKey> key = normalizer.normalize(new RawIdentifier(type, value, ""), field, normalising);
                if (key.isEmpty()) {
                    // the normaliser names the identifier's value field; here the value is the field itself
                    normalising.list().forEach(v -> violations.add(field, v.description()));
                    return null;
                }
                // a test number or placeholder is nobody's: it finds nothing rather than whoever typed it
                return guardrails.isJunk(key.get()) ? () -> Uni.createFrom().item(List.of())
                        : () -> store.byIdentifier(key.get(), dealer, after, limit);
            }
            case VIN -> {
                String vin = value.trim().toUpperCase(Locale.ROOT);
                if (!ObservationValidator.VIN.matcher(vin).matches()) {
                    violations.add("vin", "a VIN is 17 characters of A-Z (no I, O, Q) and 0-9");
                    return null;
                }
                return () -> store.byVin(vin, dealer, after, limit);
            }
            case LICENCE_PLATE -> {
                String plate = VehicleLink.Attributes.normalisePlate(value);
                if (plate == null || !PLATE.matcher(plate).matches()) {
                    violations.add("licence_plate", "2-12 letters and digits (spaces, dots and dashes are ignored)");
                    return null;
                }
                return () -> store.byPlate(plate, dealer, after, limit);
            }
            case NAME -> {
                String fragment = value.strip().toLowerCase(Locale.ROOT);
                if (fragment.isEmpty() || fragment.codePointCount(0, fragment.length()) > MAX_NAME_FRAGMENT
                        || !PRINTABLE.matcher(fragment).matches()) {
                    violations.add("name", "1-" + MAX_NAME_FRAGMENT + " printable characters");
                    return null;
                }
                if (fragment.codePointCount(0, fragment.length()) >= TRIGRAM) {
                    return () -> store.byNameContaining("%" + escapeLike(fragment) + "%", dealer, after, limit);
                }
                return () -> store.byNamePrefix(fragment, upperBound(fragment), dealer, after, limit);
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** The display name from the surviving name traits: `name`, else family and given name. */
    String displayName(List<PersonProfile.ReportedTrait> names) {
        Map<String, PersonProfile.TraitValue> survivors = survivorship.survivors(names.stream()
                .map(t -> new TraitSurvivorship.Reported(t.key(), new PersonProfile.TraitValue(t.value(), t.source(),
                        t.observedAt())))
                .toList());
        if (survivors.containsKey("name")) {
            return survivors.get("name").value();
        }
        String family = survivors.containsKey("family_name") ? survivors.get("family_name").value() : "";
        String given = survivors.containsKey("given_name") ? survivors.get("given_name").value() : "";
        if (isHan(family) || isHan(given)) {
            return family + given; // 王 + 小明: family name first, no space
        }
        return (given + " " + family).strip();
    }

    private static boolean isHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    /** `+8613800138000` → `+86138****8000`: enough to tell two people apart at a counter, not to call them. */
    static String maskPhone(String e164) {
        if (e164.length() < 9) {
            return "****";
        }
        return e164.substring(0, e164.length() - 8) + "****" + e164.substring(e164.length() - 4);
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The smallest string greater than every string starting with the prefix (byte order = code point order). */
    static String upperBound(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        String head = prefix.substring(0, prefix.length() - Character.charCount(last));
        return head + new String(Character.toChars(last + 1));
    }

    private static String after(String token, Violations violations) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("p:")) {
                return decoded.substring(2);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        violations.add("page_token", "not a token this service issued");
        return null;
    }

    private static String token(String lastPersonId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p:" + lastPersonId).getBytes(StandardCharsets.UTF_8));
    }
}
