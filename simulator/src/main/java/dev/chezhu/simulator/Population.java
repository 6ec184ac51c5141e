package dev.chezhu.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The owners of a simulated fleet, drawn from a seed: who they are, which car they drive, which
 * dealer looks after them, what they consented to, and the observations each touchpoint makes of
 * them — with the noise real systems carry (phone spellings, e-mail case, junk values, a dealer's
 * front-desk phone typed instead of the customer's).
 *
 * <p>
 * The seed decides the shape of the fleet (who consents, which car is due for service, whose
 * battery drifts); the {@code namespace} only makes the identifiers and VINs new, so the same fleet
 * can be played again against a platform that remembers the last run.
 */
final class Population {

    static final String[] DEALERS = { "D001", "D002" };
    static final String[] MODELS = { "ENCORE", "ENVISION", "ELECTRA_E5", "GL8" };
    private static final String[] GIVEN = { "Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Tao", "Xin" };
    private static final String[] FAMILY = { "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu" };
    private static final String[] TAGS = { "travel", "pop_music", "finance_news", "audiobooks", "english_learning",
            "comedy", "history" };
    private static final String[] MAIL_DOMAINS = { "qq.com", "163.com", "126.com", "sina.com", "outlook.com" };
    /** China mobile prefixes that exist (identity refuses the ones that do not). */
    private static final String[] MOBILE_PREFIXES = { "139", "138", "137", "136", "135", "158", "186", "188", "177" };
    private static final String VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    /** What an owner decided about the brand's use of their data. */
    record Consents(boolean telemetry, boolean personalisation, boolean marketing) {
    }

    /** How a car behaves: what will go wrong with it during the run. */
    record CarProfile(double serviceDueInKm, boolean leakyTyre, boolean driftingCell, double troublesPerHour) {
    }

    /** One owner and their car. {@code frontDeskPhone}: the dealer's CRM logged a visit under the desk's phone. */
    record Owner(int index, String givenName, String familyName, String phone, String email, String appAccount,
            String unionId, String crmId, String dealer, String vin, String model, List<String> interestTags,
            Consents consents, CarProfile car, boolean frontDeskPhone, long billYuan) {
    }

    /** One identifier as a touchpoint spells it. */
    record Identifier(String type, String value, String scope) {
    }

    /** One observation of a person by a touchpoint: the caller it comes from and what it knows. */
    record Observation(Owner owner, String touchpoint, String caller, String source, List<Identifier> identifiers,
            Map<String, String> traits, List<String> interestTags, boolean ownsVehicle) {
    }

    final List<Owner> owners;
    final Map<String, String> frontDeskPhones;

    private Population(List<Owner> owners, Map<String, String> frontDeskPhones) {
        this.owners = owners;
        this.frontDeskPhones = frontDeskPhones;
    }

    static Population generate(int vehicles, long seed, String namespace) {
        Random random = new Random(seed);
        // identifiers and VINs come from the namespace too, so each run meets new people
        Random names = new Random(seed * 31 + namespace.hashCode());
        List<Owner> owners = new ArrayList<>();
        int d001 = 0;
        for (int i = 0; i < vehicles; i++) {
            String dealer = DEALERS[i % DEALERS.length];
            String phone = MOBILE_PREFIXES[names.nextInt(MOBILE_PREFIXES.length)]
                    + String.format(Locale.ROOT, "%08d", 10_000_000 + names.nextInt(89_999_999));
            String given = GIVEN[random.nextInt(GIVEN.length)];
            String family = FAMILY[random.nextInt(FAMILY.length)];
            String email = given.toLowerCase(Locale.ROOT) + "." + family.toLowerCase(Locale.ROOT) + names.nextInt(10_000)
                    + "@" + MAIL_DOMAINS[random.nextInt(MAIL_DOMAINS.length)];
            String vin = vin(names);
            String model = MODELS[random.nextInt(MODELS.length)];
            List<String> tags = new ArrayList<>();
            tags.add(TAGS[random.nextInt(TAGS.length)]);
            if (random.nextBoolean()) {
                String second = TAGS[random.nextInt(TAGS.length)];
                if (!tags.contains(second)) {
                    tags.add(second);
                }
            }
            // one owner in twelve keeps telemetry off, one in four refuses marketing, one in six personalisation
            Consents consents = new Consents(i % 12 != 5, i % 6 != 4, i % 4 != 3);
            // a third of the cars are due for service already, a sixth cross the threshold during the run
            double serviceDue = switch (i % 6) {
                case 0, 3 -> 300 + random.nextInt(600);
                case 1 -> 1000.5 + random.nextInt(3);
                default -> 3000 + random.nextInt(12_000);
            };
            CarProfile car = new CarProfile(serviceDue, i % 7 == 2, i == Math.min(vehicles - 1, 3),
                    i % 5 == 1 ? 6 : 0.2);
            boolean frontDesk = dealer.equals("D001") ? d001++ < 3 : random.nextDouble() < 0.25;
            owners.add(new Owner(i, given, family, phone, email, "app-" + namespace + "-" + i,
                    "wx-union-" + namespace + "-" + i, "CRM-" + namespace.toUpperCase(Locale.ROOT) + "-" + i, dealer,
                    vin, model, List.copyOf(tags), consents, car, frontDesk, 380 + random.nextInt(2400)));
        }
        Map<String, String> desks = Map.of("D001", "021-5" + frontDesk(names), "D002", "021-6" + frontDesk(names));
        return new Population(List.copyOf(owners), desks);
    }

    private static String frontDesk(Random names) {
        return String.format(Locale.ROOT, "%03d-%04d", 100 + names.nextInt(899), 1000 + names.nextInt(8999));
    }

    /** A 17-character VIN of the brand's world manufacturer identifier, no I, O or Q. */
    static String vin(Random random) {
        StringBuilder vin = new StringBuilder("LSV");
        while (vin.length() < 17) {
            vin.append(VIN_CHARS.charAt(random.nextInt(VIN_CHARS.length())));
        }
        return vin.toString();
    }

    /** The ways people and systems write one mobile number; identity must see one phone in all of them. */
    static String spell(String phone, int style) {
        return switch (Math.floorMod(style, 5)) {
            case 0 -> phone;
            case 1 -> phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
            case 2 -> "+86 " + phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-" + phone.substring(7);
            case 3 -> "0086" + phone;
            default -> "86-" + phone;
        };
    }

    /**
     * Every observation of every owner, in the order the touchpoints make them: app sign-ups, the
     * mini-program, head-unit pairing, the dealers' CRM imports, then the dealers' visit logs (where
     * the front-desk phone appears).
     */
    List<Observation> observations() {
        List<Observation> all = new ArrayList<>();
        for (Owner o : owners) {
            List<Identifier> ids = new ArrayList<>(List.of(new Identifier("phone", spell(o.phone, o.index), null),
                    new Identifier("app_account", o.appAccount, null),
                    new Identifier("email", mixedCase(o.email, o.index), null)));
            if (o.index % 4 == 1) {
                ids.add(new Identifier("phone", "138 0000 0000", null)); // a junk number typed to get past the form
            }
            all.add(new Observation(o, "app sign-up", "partner-app", "app", ids,
                    Map.of("given_name", o.givenName, "city", "Shanghai"), List.of(), false));
        }
        for (Owner o : owners) {
            if (o.index % 3 == 2) {
                continue; // not everyone uses the mini-program
            }
            all.add(new Observation(o, "mini-program", "partner-app", "mini_program",
                    List.of(new Identifier("wechat_unionid", o.unionId, null),
                            new Identifier("phone", spell(o.phone, o.index + 2), null)),
                    Map.of(), o.interestTags, false));
        }
        for (Owner o : owners) {
            all.add(new Observation(o, "head-unit pairing", "partner-app", "head_unit",
                    List.of(new Identifier("head_unit_device", "HU-" + o.vin, null),
                            new Identifier("app_account", o.appAccount, null)),
                    Map.of(), List.of(), true));
        }
        for (Owner o : owners) {
            all.add(new Observation(o, "dealer CRM import", crmClient(o.dealer), "dealer_crm:" + o.dealer,
                    List.of(new Identifier("dealer_crm_id", o.crmId, o.dealer),
                            new Identifier("phone", spell(o.phone, o.index + 1), null),
                            new Identifier("email", o.email.toUpperCase(Locale.ROOT), null)),
                    Map.of("given_name", o.givenName, "family_name", o.familyName), List.of(), true));
        }
        for (Owner o : owners) {
            if (o.frontDeskPhone) {
                all.add(new Observation(o, "dealer visit log", crmClient(o.dealer), "dealer_crm:" + o.dealer,
                        List.of(new Identifier("dealer_crm_id", o.crmId, o.dealer),
                                new Identifier("phone", frontDeskPhones.get(o.dealer), null)),
                        Map.of(), List.of(), false));
            }
        }
        return all;
    }

    static String crmClient(String dealer) {
        return "dealer-" + dealer.toLowerCase(Locale.ROOT) + "-crm";
    }

    private static String mixedCase(String email, int style) {
        if (style % 2 == 0) {
            return email;
        }
        return Character.toUpperCase(email.charAt(0)) + email.substring(1, email.indexOf('@')) + "@"
                + email.substring(email.indexOf('@') + 1).toUpperCase(Locale.ROOT);
    }
}
