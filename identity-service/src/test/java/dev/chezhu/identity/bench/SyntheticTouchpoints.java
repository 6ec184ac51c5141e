package dev.chezhu.identity.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;

/**
 * A seeded generator of noisy touchpoint observations with ground truth: every observation knows
 * the true person behind it. The noise is what the field sees and what deterministic rules can
 * resolve: phone numbers in every spelling, e-mails in mixed case, typos in names, test numbers and
 * placeholders next to real identifiers (and a few observations of nothing but junk), dealers' shared
 * front-desk phones typed in instead of the customer's, family cars whose head unit is shared by two
 * drivers. Each person's observations are connected through identifiers that are truly theirs; a
 * bridging observation is added where the random draw left them apart, so a perfect resolver can
 * reach F1 = 1.
 */
public final class SyntheticTouchpoints {

    /** One observation and the true person behind it; {@code junkOnly} ones are expected to be refused. */
    public record Touchpoint(String truePerson, IdentifyPersonRequest request, boolean junkOnly, Set<String> shared) {
    }

    private static final String[] GIVEN = { "Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Yan", "Jun", "Hui",
            "Xiu", "Ling", "Tao", "Ming", "Hong", "Ping", "Gang", "Bo", "Yu", "Xin" };
    private static final String[] FAMILY = { "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
            "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo" };
    private static final String[] CITIES = { "Shanghai", "Beijing", "Hangzhou", "Shenzhen", "Chengdu", "Wuhan", "Nanjing" };
    private static final String[] DOMAINS = { "qq.com", "163.com", "126.com", "sina.com", "outlook.com", "gmail.com" };
    private static final String[] TAGS = { "travel", "pop_music", "finance_news", "sports", "cooking", "audiobooks",
            "english_lessons", "jazz", "comedy", "tech" };
    private static final String[] MINI_APPS = { "wxapp_service", "wxapp_store" };
    private static final String[] JUNK_PHONES = { "13800000000", "12345678901", "139 0000 0000", "+86 13888888888" };
    private static final String VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    private static final String HEX = "0123456789abcdef";

    private final Random random;
    private final int dealers;
    private final Map<String, String> frontDesk = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private long sequence;

    public SyntheticTouchpoints(long seed, int dealers) {
        this.random = new Random(seed);
        this.dealers = dealers;
        for (int d = 1; d <= dealers; d++) {
            frontDesk.put(dealer(d), uniqueMobile());
        }
    }

    private static String dealer(int d) {
        return String.format("D%03d", d);
    }

    /** The dealers' shared front-desk phones (E.164 digits without +86). */
    public Set<String> frontDeskPhones() {
        return Set.copyOf(frontDesk.values());
    }

    private static final class Truth {
        String id;
        String given;
        String family;
        String city;
        String phone;
        String phone2;
        String email;
        String app;
        String union;
        final Map<String, String> openids = new HashMap<>();
        String dealer;
        String crm;
        String licence;
        String vin;
        String device;
        VehicleRole role;
        final List<String> tags = new ArrayList<>();
    }

    /** Observations of {@code persons} true persons (plus family members), shuffled in time order. */
    public List<Touchpoint> generate(int persons, String idPrefix) {
        List<Truth> truths = new ArrayList<>();
        for (int i = 0; i < persons; i++) {
            Truth t = person(idPrefix + "-" + i);
            truths.add(t);
            if (t.vin != null && random.nextDouble() < 0.2) {
                // a family member drives the same car: own identifiers, shared head unit
                Truth member = person(idPrefix + "-" + i + "-family");
                member.vin = t.vin;
                member.device = t.device;
                member.role = random.nextBoolean() ? VehicleRole.VEHICLE_ROLE_DRIVER : VehicleRole.VEHICLE_ROLE_HOUSEHOLD;
                member.family = t.family;
                member.city = t.city;
                if (member.app == null) {
                    member.app = "u" + uniqueDigits(9);
                }
                member.crm = null;
                truths.add(member);
            }
        }
        List<Touchpoint> touchpoints = new ArrayList<>();
        for (Truth t : truths) {
            touchpoints.addAll(observationsOf(t));
        }
        Collections.shuffle(touchpoints, random);
        return touchpoints;
    }

    private Truth person(String id) {
        Truth t = new Truth();
        t.id = id;
        t.given = GIVEN[random.nextInt(GIVEN.length)];
        t.family = FAMILY[random.nextInt(FAMILY.length)];
        t.city = CITIES[random.nextInt(CITIES.length)];
        t.phone = uniqueMobile();
        t.phone2 = random.nextDouble() < 0.15 ? uniqueMobile() : null;
        t.email = random.nextDouble() < 0.6 ? pinyin(t) + uniqueDigits(6) + "@" + DOMAINS[random.nextInt(DOMAINS.length)]
                : null;
        t.app = random.nextDouble() < 0.7 ? "u" + uniqueDigits(9) : null;
        t.union = random.nextDouble() < 0.5 ? "oU" + token(26) : null;
        if (t.union != null || random.nextDouble() < 0.3) {
            for (String app : MINI_APPS) {
                if (random.nextBoolean()) {
                    t.openids.put(app, "oX" + token(26));
                }
            }
        }
        t.dealer = dealer(1 + random.nextInt(dealers));
        t.crm = random.nextDouble() < 0.5 ? "C" + uniqueDigits(7) : null;
        t.licence = random.nextDouble() < 0.3 ? uniqueDigits(17) + (random.nextInt(11) == 10 ? "x" : random.nextInt(10))
                : null;
        if (random.nextDouble() < 0.55) {
            t.vin = vin();
            t.device = "HU-" + token(12).toUpperCase(Locale.ROOT);
            t.role = VehicleRole.VEHICLE_ROLE_OWNER;
            if (t.crm == null) {
                t.crm = "C" + uniqueDigits(7);
            }
        }
        int tags = random.nextInt(3);
        for (int i = 0; i < tags; i++) {
            t.tags.add(TAGS[random.nextInt(TAGS.length)]);
        }
        return t;
    }

    private List<Touchpoint> observationsOf(Truth t) {
        List<List<Identifier>> sets = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<Set<String>> sharedPerSet = new ArrayList<>();
        // registration in the app or a first call
        if (t.app != null) {
            add(sets, sources, sharedPerSet, "app", ids(app(t.app), phone(variant(t.phone)), t.email != null && random.nextBoolean()
                    ? email(emailVariant(t.email)) : null), Set.of());
        } else {
            add(sets, sources, sharedPerSet, "call_centre", ids(phone(variant(t.phone)), t.email != null ? email(emailVariant(t.email))
                    : null), Set.of());
        }
        int more = 2 + random.nextInt(5);
        for (int i = 0; i < more; i++) {
            double r = random.nextDouble();
            if (r < 0.2 && !t.openids.isEmpty()) {
                String appId = new ArrayList<>(t.openids.keySet()).get(random.nextInt(t.openids.size()));
                add(sets, sources, sharedPerSet, "mini_program", ids(openid(appId, t.openids.get(appId)),
                        t.union != null ? unionid(t.union) : null, random.nextDouble() < 0.5 ? phone(variant(t.phone)) : null),
                        Set.of());
            } else if (r < 0.45 && t.crm != null) {
                boolean deskPhone = random.nextDouble() < 0.15;
                String desk = frontDesk.get(t.dealer);
                add(sets, sources, sharedPerSet, "dealer_crm:" + t.dealer, ids(crm(t.dealer, t.crm),
                        phone(variant(deskPhone ? desk : t.phone)),
                        t.licence != null && random.nextBoolean() ? licence(t.licence) : null),
                        deskPhone ? Set.of("+86" + desk) : Set.of());
            } else if (r < 0.6) {
                add(sets, sources, sharedPerSet, "call_centre", ids(phone(variant(random.nextDouble() < 0.3 && t.phone2 != null
                        ? t.phone2 : t.phone)), t.email != null && random.nextDouble() < 0.3 ? email(emailVariant(t.email)) : null),
                        Set.of());
            } else if (r < 0.75 && t.device != null && t.app != null) {
                add(sets, sources, sharedPerSet, "head_unit", ids(device(t.device), app(t.app)), Set.of("HU|" + t.device));
            } else if (r < 0.85 && t.email != null) {
                add(sets, sources, sharedPerSet, t.app != null ? "app" : "mini_program", ids(email(emailVariant(t.email)),
                        t.phone2 != null ? phone(variant(t.phone2)) : phone(variant(t.phone))), Set.of());
            } else {
                add(sets, sources, sharedPerSet, "store_visit", ids(phone(variant(t.phone)),
                        t.licence != null && random.nextDouble() < 0.3 ? licence(t.licence) : null), Set.of());
            }
        }
        bridge(t, sets, sources, sharedPerSet);

        List<Touchpoint> touchpoints = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            List<Identifier> identifiers = new ArrayList<>(sets.get(i));
            if (random.nextDouble() < 0.08) {
                identifiers.add(random.nextInt(identifiers.size() + 1), junk());
            }
            touchpoints.add(new Touchpoint(t.id, request(t, sources.get(i), identifiers, i == 0), false, sharedPerSet.get(i)));
        }
        if (random.nextDouble() < 0.02) {
            touchpoints.add(new Touchpoint(t.id, request(t, "call_centre", List.of(junk()), false), true, Set.of()));
        }
        return touchpoints;
    }

    /** Adds an observation joining the person's primary phone with each part its draws left apart. */
    private void bridge(Truth t, List<List<Identifier>> sets, List<String> sources, List<Set<String>> shared) {
        Map<String, String> parent = new HashMap<>();
        String primary = key(phone(t.phone));
        List<String> deskAndDevice = List.of(key(phone(frontDesk.get(t.dealer))), t.device == null ? "" : key(device(t.device)));
        for (List<Identifier> set : sets) {
            String first = null;
            for (Identifier id : set) {
                String k = key(id);
                if (deskAndDevice.contains(k)) {
                    continue;
                }
                parent.putIfAbsent(k, k);
                if (first == null) {
                    first = k;
                } else {
                    union(parent, first, k);
                }
            }
        }
        parent.putIfAbsent(primary, primary);
        Map<String, Identifier> byKey = new HashMap<>();
        sets.forEach(set -> set.forEach(id -> byKey.put(key(id), id)));
        Set<String> roots = new LinkedHashSet<>();
        parent.keySet().stream().sorted().forEach(k -> roots.add(find(parent, k)));
        String primaryRoot = find(parent, primary);
        for (String root : roots) {
            if (!root.equals(primaryRoot)) {
                String member = parent.keySet().stream().filter(k -> find(parent, k).equals(root)).sorted().findFirst()
                        .orElseThrow();
                add(sets, sources, shared, "call_centre", ids(phone(variant(t.phone)), byKey.get(member)), Set.of());
            }
        }
    }

    private static String key(Identifier id) {
        String value = id.getValue().replaceAll("[\\s\\-]", "").toLowerCase(Locale.ROOT);
        if (id.getType() == IdentifierType.IDENTIFIER_TYPE_PHONE) {
            value = value.substring(value.length() - 11);
        }
        return id.getType().getNumber() + "|" + id.getScope() + "|" + value;
    }

    private static String find(Map<String, String> parent, String k) {
        while (!parent.get(k).equals(k)) {
            k = parent.get(k);
        }
        return k;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }

    private static void add(List<List<Identifier>> sets, List<String> sources, List<Set<String>> shared, String source,
            List<Identifier> identifiers, Set<String> sharedHere) {
        sets.add(identifiers);
        sources.add(source);
        shared.add(sharedHere);
    }

    private IdentifyPersonRequest request(Truth t, String source, List<Identifier> identifiers, boolean first) {
        sequence++;
        IdentifyPersonRequest.Builder request = IdentifyPersonRequest.newBuilder()
                .setRequestId("eval-" + Long.toHexString(random.nextLong()) + "-" + sequence)
                .setSource(source)
                .addAllIdentifiers(identifiers)
                .setObserveTime(Timestamp.newBuilder().setSeconds(start.getEpochSecond() + sequence));
        if (first || random.nextDouble() < 0.5) {
            request.putTraits("given_name", random.nextDouble() < 0.15 ? typo(t.given) : t.given);
            request.putTraits("family_name", random.nextDouble() < 0.15 ? typo(t.family) : t.family);
        }
        if (random.nextDouble() < 0.3) {
            request.putTraits("city", t.city);
        }
        if (!t.tags.isEmpty() && random.nextDouble() < 0.3) {
            request.addAllInterestTags(t.tags);
        }
        if (t.vin != null && (source.startsWith("dealer_crm") || source.equals("head_unit")) && t.role != null) {
            request.addVehicles(VehicleRelationship.newBuilder().setVin(t.vin).setRole(t.role));
        }
        return request.build();
    }

    private Identifier junk() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> phone(JUNK_PHONES[random.nextInt(JUNK_PHONES.length)]);
            case 2 -> email(random.nextBoolean() ? "test@test.com" : "noreply@example.com");
            case 3 -> app(random.nextBoolean() ? "null" : "anonymous");
            default -> openid(MINI_APPS[0], "unknown");
        };
    }

    private String variant(String mobile) {
        return switch (random.nextInt(6)) {
            case 0 -> mobile;
            case 1 -> mobile.substring(0, 3) + " " + mobile.substring(3, 7) + " " + mobile.substring(7);
            case 2 -> "+86 " + mobile.substring(0, 3) + "-" + mobile.substring(3, 7) + "-" + mobile.substring(7);
            case 3 -> "0086" + mobile;
            case 4 -> "86" + mobile;
            default -> "+86" + mobile;
        };
    }

    private String emailVariant(String email) {
        return switch (random.nextInt(3)) {
            case 0 -> email;
            case 1 -> email.substring(0, 1).toUpperCase(Locale.ROOT) + email.substring(1);
            default -> " " + email.toUpperCase(Locale.ROOT) + " ";
        };
    }

    private String typo(String name) {
        if (name.length() < 3) {
            return name + name.charAt(name.length() - 1);
        }
        int i = 1 + random.nextInt(name.length() - 2);
        return random.nextBoolean() ? name.substring(0, i) + name.substring(i + 1)
                : name.substring(0, i) + name.charAt(i + 1) + name.charAt(i) + name.substring(i + 2);
    }

    private String pinyin(Truth t) {
        return (t.given + "." + t.family).toLowerCase(Locale.ROOT);
    }

    private String uniqueMobile() {
        String[] prefixes = { "130", "131", "132", "135", "136", "137", "139", "150", "151", "152", "158", "159", "176",
                "177", "180", "181", "186", "187", "188", "189", "199" };
        while (true) {
            String tail = String.format("%08d", random.nextInt(100_000_000));
            if (tail.chars().distinct().count() < 3) {
                continue;
            }
            String mobile = prefixes[random.nextInt(prefixes.length)] + tail;
            if (used.add("m" + mobile)) {
                return mobile;
            }
        }
    }

    private String uniqueDigits(int n) {
        for (int attempt = 0; ; attempt++) {
            if (attempt > 10_000) {
                throw new IllegalStateException("no unique " + n + "-digit value left: the population is too large");
            }
            StringBuilder s = new StringBuilder();
            s.append(1 + random.nextInt(9));
            for (int i = 1; i < n; i++) {
                s.append(random.nextInt(10));
            }
            if (s.chars().distinct().count() >= 3 && used.add("d" + s)) {
                return s.toString();
            }
        }
    }

    private String token(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(HEX.charAt(random.nextInt(HEX.length())));
        }
        return s.toString();
    }

    private String vin() {
        while (true) {
            StringBuilder s = new StringBuilder("LSV");
            while (s.length() < 17) {
                s.append(VIN_CHARS.charAt(random.nextInt(VIN_CHARS.length())));
            }
            if (used.add("v" + s)) {
                return s.toString();
            }
        }
    }

    private static List<Identifier> ids(Identifier... identifiers) {
        List<Identifier> list = new ArrayList<>();
        for (Identifier id : identifiers) {
            if (id != null) {
                list.add(id);
            }
        }
        return list;
    }

    static Identifier phone(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_PHONE).setValue(value).build();
    }

    static Identifier email(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_EMAIL).setValue(value).build();
    }

    static Identifier app(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_APP_ACCOUNT).setValue(value).build();
    }

    static Identifier unionid(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_WECHAT_UNIONID).setValue(value).build();
    }

    static Identifier openid(String app, String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_WECHAT_OPENID).setScope(app).setValue(value)
                .build();
    }

    static Identifier crm(String dealer, String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_DEALER_CRM_ID).setScope(dealer).setValue(value)
                .build();
    }

    static Identifier licence(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_DRIVING_LICENCE).setValue(value).build();
    }

    static Identifier device(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_HEAD_UNIT_DEVICE).setValue(value).build();
    }
}
