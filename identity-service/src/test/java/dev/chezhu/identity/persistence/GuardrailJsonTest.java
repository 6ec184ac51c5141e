package dev.chezhu.identity.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.domain.GuardrailReason;
import dev.chezhu.identity.domain.IdentifierKind;
import dev.chezhu.identity.domain.Observation;
import dev.chezhu.identity.domain.Resolution.GuardrailReport;
import dev.chezhu.identity.domain.Resolution.RefusedMerge;

class GuardrailJsonTest {

    @Test
    void aReportSurvivesStorageAndHoldsNoValues() {
        GuardrailReport report = new GuardrailReport(
                List.of(new Observation.Ignored(1, IdentifierKind.PHONE, GuardrailReason.BLOCKED_VALUE)),
                List.of(new RefusedMerge("p-1", GuardrailReason.LIMIT_EXCEEDED, IdentifierKind.APP_ACCOUNT, List.of(0, 2)),
                        new RefusedMerge("p-2", GuardrailReason.DO_NOT_MERGE, null, List.of(3))),
                List.of(2));
        String json = GuardrailJson.encode(report);
        assertEquals(report, GuardrailJson.decode(json));
        assertFalse(json.contains("+86"));
        assertEquals(GuardrailReport.NONE, GuardrailJson.decode(null));
    }
}
