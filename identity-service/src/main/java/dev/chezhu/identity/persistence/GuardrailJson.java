package dev.chezhu.identity.persistence;

import java.util.ArrayList;
import java.util.List;

import dev.chezhu.identity.domain.GuardrailReason;
import dev.chezhu.identity.domain.IdentifierKind;
import dev.chezhu.identity.domain.Observation;
import dev.chezhu.identity.domain.Resolution.GuardrailReport;
import dev.chezhu.identity.domain.Resolution.RefusedMerge;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The guardrail report of an observation as stored with it (so a replay answers the same): request
 * positions, identifier types, reasons and person IDs only — never a value.
 */
public final class GuardrailJson {

    private GuardrailJson() {
    }

    public static String encode(GuardrailReport report) {
        JsonArray ignored = new JsonArray();
        report.ignored().forEach(i -> ignored.add(new JsonArray().add(i.index()).add(i.kind().name()).add(i.reason().name())));
        JsonArray refused = new JsonArray();
        report.refusedMerges().forEach(r -> refused.add(new JsonArray().add(r.personId()).add(r.reason().name())
                .add(r.limitedKind() == null ? null : r.limitedKind().name()).add(new JsonArray(r.identifierIndexes()))));
        return new JsonObject().put("i", ignored).put("r", refused)
                .put("q", new JsonArray(report.quarantinedIndexes())).encode();
    }

    public static GuardrailReport decode(String json) {
        if (json == null || json.isBlank()) {
            return GuardrailReport.NONE;
        }
        JsonObject o = new JsonObject(json);
        List<Observation.Ignored> ignored = new ArrayList<>();
        for (Object x : o.getJsonArray("i", new JsonArray())) {
            JsonArray a = (JsonArray) x;
            ignored.add(new Observation.Ignored(a.getInteger(0), IdentifierKind.valueOf(a.getString(1)),
                    GuardrailReason.valueOf(a.getString(2))));
        }
        List<RefusedMerge> refused = new ArrayList<>();
        for (Object x : o.getJsonArray("r", new JsonArray())) {
            JsonArray a = (JsonArray) x;
            List<Integer> indexes = new ArrayList<>();
            a.getJsonArray(3).forEach(i -> indexes.add(((Number) i).intValue()));
            refused.add(new RefusedMerge(a.getString(0), GuardrailReason.valueOf(a.getString(1)),
                    a.getString(2) == null ? null : IdentifierKind.valueOf(a.getString(2)), indexes));
        }
        List<Integer> quarantined = new ArrayList<>();
        o.getJsonArray("q", new JsonArray()).forEach(i -> quarantined.add(((Number) i).intValue()));
        return new GuardrailReport(ignored, refused, quarantined);
    }
}
