package dev.chezhu.telematics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The offline verification finds every kind of tampering with a signed service history. */
class ServiceHistoryVerifierTest {

    static final KeyPair PLATFORM = Ed25519Keys.generate();
    static final KeyPair FORGER = Ed25519Keys.generate();
    static final String VIN = "LSVAU2180N2183294";
    static final Instant T = Instant.parse("2026-03-01T09:00:00.123456Z");

    static ServiceVisit visit(int n) {
        return new ServiceVisit(LocalDate.of(2026, 3, 1).plusMonths(n), 10_000L * (n + 1),
                List.of(new ServiceVisit.WorkItem("OIL_CHANGE", "engine oil and filter")),
                List.of(new ServiceVisit.Part("OF-123", "oil filter", 1)), "visit " + n);
    }

    static ServiceRecord sign(KeyPair key, String vin, long position, ServiceVisit visit, String previous) {
        Instant at = T.plusSeconds(position * 86_400);
        String hash = ServiceChain.sha256Hex(ServiceChain.canonical(vin, position, "D001", visit, at, previous));
        return new ServiceRecord(vin, position, "D001", visit, at, previous, hash,
                Ed25519Keys.sign(key.getPrivate(), Ed25519Keys.hashBytes(hash)), Ed25519Keys.keyId(key.getPublic()));
    }

    static List<ServiceRecord> chain(int length) {
        List<ServiceRecord> records = new ArrayList<>();
        String previous = ServiceChain.GENESIS;
        for (int i = 1; i <= length; i++) {
            ServiceRecord record = sign(PLATFORM, VIN, i, visit(i), previous);
            records.add(record);
            previous = record.hash();
        }
        return records;
    }

    static ServiceHistoryReport report(List<ServiceRecord> records, KeyPair key) {
        String head = records.isEmpty() ? ServiceChain.GENESIS : records.get(records.size() - 1).hash();
        return new ServiceHistoryReport(VIN, records, T, head,
                Ed25519Keys.sign(key.getPrivate(), ServiceChain.head(VIN, records.size(), head, T)),
                Ed25519Keys.keyId(key.getPublic()), Ed25519Keys.encode(key.getPublic()));
    }

    static List<String> reasons(ServiceHistoryReport report) {
        return ServiceHistoryVerifier.verify(report, PLATFORM.getPublic()).stream()
                .map(f -> f.index() + ":" + f.reason()).toList();
    }

    @Test
    void anUntouchedHistoryVerifies() {
        assertEquals(List.of(), reasons(report(chain(4), PLATFORM)));
        assertEquals(List.of(), reasons(report(List.of(), PLATFORM)));
    }

    @Test
    void anEditedRecordFailsItsHash() {
        List<ServiceRecord> records = new ArrayList<>(chain(4));
        ServiceRecord r = records.get(1);
        ServiceVisit rolledBack = new ServiceVisit(r.visit().visitDate(), 5_000, r.visit().workItems(), r.visit().parts(),
                r.visit().notes());
        records.set(1, new ServiceRecord(r.vin(), r.position(), r.dealerId(), rolledBack, r.recordTime(),
                r.previousHash(), r.hash(), r.signature(), r.keyId()));
        assertEquals(List.of("1:HASH_MISMATCH"), reasons(report(records, PLATFORM)));
    }

    @Test
    void anEditedRecordWithItsHashRecomputedFailsTheSignatureAndTheChain() {
        List<ServiceRecord> records = new ArrayList<>(chain(4));
        ServiceRecord r = records.get(1);
        ServiceVisit rolledBack = new ServiceVisit(r.visit().visitDate(), 5_000, r.visit().workItems(), r.visit().parts(),
                r.visit().notes());
        String hash = ServiceChain.sha256Hex(ServiceChain.canonical(r.vin(), r.position(), r.dealerId(), rolledBack,
                r.recordTime(), r.previousHash()));
        records.set(1, new ServiceRecord(r.vin(), r.position(), r.dealerId(), rolledBack, r.recordTime(),
                r.previousHash(), hash, r.signature(), r.keyId()));
        assertEquals(List.of("1:BAD_SIGNATURE", "2:CHAIN_BROKEN"), reasons(report(records, PLATFORM)));
    }

    @Test
    void aRecordReSignedWithAnotherKeyIsUnknown() {
        List<ServiceRecord> records = new ArrayList<>(chain(2));
        ServiceRecord r = records.get(1);
        records.set(1, sign(FORGER, VIN, 2, r.visit(), r.previousHash()));
        List<String> found = reasons(report(records, PLATFORM));
        assertTrue(found.contains("1:UNKNOWN_KEY"), found.toString());
    }

    @Test
    void aRemovedRecordBreaksTheChain() {
        List<ServiceRecord> records = new ArrayList<>(chain(4));
        records.remove(1);
        List<String> found = reasons(report(records, PLATFORM));
        assertTrue(found.contains("1:CHAIN_BROKEN") && found.contains("1:POSITION_OUT_OF_ORDER"), found.toString());
    }

    @Test
    void recordsCutOffTheEndNoLongerMatchTheSignedHead() {
        ServiceHistoryReport full = report(chain(4), PLATFORM);
        List<ServiceRecord> shorter = full.records().subList(0, 3);
        ServiceHistoryReport cut = new ServiceHistoryReport(VIN, shorter, full.generatedAt(), full.headHash(),
                full.headSignature(), full.keyId(), full.publicKey());
        assertEquals(List.of("-1:HEAD_MISMATCH", "-1:BAD_HEAD_SIGNATURE"), reasons(cut));
        ServiceHistoryReport reheaded = new ServiceHistoryReport(VIN, shorter, full.generatedAt(), shorter.get(2).hash(),
                full.headSignature(), full.keyId(), full.publicKey());
        assertEquals(List.of("-1:BAD_HEAD_SIGNATURE"), reasons(reheaded), "a forged head does not verify");
    }

    @Test
    void reorderedRecordsAreFound() {
        List<ServiceRecord> records = new ArrayList<>(chain(4));
        Collections.swap(records, 1, 2);
        List<String> found = reasons(report(records, PLATFORM));
        assertTrue(found.containsAll(List.of("1:POSITION_OUT_OF_ORDER", "1:CHAIN_BROKEN", "2:POSITION_OUT_OF_ORDER",
                "2:CHAIN_BROKEN")), found.toString());
    }

    @Test
    void aRecordOfAnotherVehicleIsFound() {
        List<ServiceRecord> records = new ArrayList<>(chain(2));
        ServiceRecord r = records.get(1);
        records.set(1, sign(PLATFORM, "LFV2A21K5N3000002", 2, r.visit(), r.previousHash()));
        assertTrue(reasons(report(records, PLATFORM)).contains("1:WRONG_VEHICLE"));
    }

    @Test
    void theCanonicalFormSeparatesFields() {
        ServiceVisit a = new ServiceVisit(LocalDate.of(2026, 1, 1), 1, List.of(new ServiceVisit.WorkItem("AB", "C")),
                List.of(), "");
        ServiceVisit b = new ServiceVisit(LocalDate.of(2026, 1, 1), 1, List.of(new ServiceVisit.WorkItem("A", "BC")),
                List.of(), "");
        assertTrue(!ServiceChain.sha256Hex(ServiceChain.canonical(VIN, 1, "D", a, T, ServiceChain.GENESIS))
                .equals(ServiceChain.sha256Hex(ServiceChain.canonical(VIN, 1, "D", b, T, ServiceChain.GENESIS))));
    }
}
