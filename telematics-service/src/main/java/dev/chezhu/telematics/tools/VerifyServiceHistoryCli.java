package dev.chezhu.telematics.tools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

import com.google.protobuf.util.JsonFormat;

import dev.chezhu.telematics.domain.Ed25519Keys;
import dev.chezhu.telematics.domain.ServiceHistoryVerifier;
import dev.chezhu.telematics.events.ServiceHistoryWire;
import dev.chezhu.telematics.v1.ServiceHistoryReport;

/**
 * Offline verification of a service history report, for a used-car buyer:
 * {@code VerifyServiceHistoryCli --public-key <file with the brand's base64 Ed25519 public key> <report.json>}.
 * The report is the JSON form of {@code chezhu.telematics.v1.ServiceHistoryReport} (what
 * GetServiceHistory returns through grpcurl or the gateway). Prints every finding; exit code 0 when
 * the report verifies, 1 when it does not, 2 on usage errors. Needs no network.
 */
public final class VerifyServiceHistoryCli {

    private VerifyServiceHistoryCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    public static int run(String[] args) throws Exception {
        if (args.length != 3 || !args[0].equals("--public-key")) {
            System.err.println("usage: VerifyServiceHistoryCli --public-key <public-key-file> <report.json>");
            return 2;
        }
        PublicKey key = Ed25519Keys.publicKey(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII));
        ServiceHistoryReport.Builder wire = ServiceHistoryReport.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8), wire);
        List<ServiceHistoryVerifier.Finding> findings = ServiceHistoryVerifier.verify(ServiceHistoryWire.report(wire.build()),
                key);
        System.out.printf("vehicle %s: %d records, key %s%n", wire.getVin(), wire.getRecordsCount(),
                Ed25519Keys.keyId(key));
        for (ServiceHistoryVerifier.Finding finding : findings) {
            System.out.printf("  %s %-22s %s%n", finding.index() < 0 ? "report" : "record #" + (finding.index() + 1),
                    finding.reason(), finding.description());
        }
        System.out.println(findings.isEmpty() ? "VALID: every record and the signed head verify"
                : "INVALID: " + findings.size() + " finding(s)");
        return findings.isEmpty() ? 0 : 1;
    }
}
