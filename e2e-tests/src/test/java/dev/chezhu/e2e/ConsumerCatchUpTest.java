package dev.chezhu.e2e;

import static dev.chezhu.e2e.Platform.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.v1.Account;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Nothing is lost while a consumer is down: loyalty-service is stopped, identity merges two persons
 * (PersonMerged waits in the Redis stream, after loyalty's consumer group), loyalty-service starts
 * again on the data it had and the two accounts become one.
 */
@QuarkusTest
class ConsumerCatchUpTest {

    @Inject
    Platform platform;

    @AfterEach
    void restartAndErase() throws Exception {
        // whatever happened above, leave the platform running for the next test
        chezhu("start-service", "loyalty-service");
        platform.eraseCreated();
    }

    /**
     * {@code ./chezhu e2e-platform <command> <module>} on the platform these tests run against: the same
     * name, port offset and Redis database as the ones ./chezhu passed to this test run.
     */
    static void chezhu(String command, String module) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(root.resolve("chezhu")) && root.getParent() != null) {
            root = root.getParent();
        }
        ProcessBuilder builder = new ProcessBuilder(root.resolve("chezhu").toString(), "e2e-platform", command, module)
                .directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("CHEZHU_E2E_NAME", System.getProperty("chezhu.e2e.database-suffix", "e2e"));
        env.put("CHEZHU_E2E_OFFSET", Integer.toString(Integer.getInteger("chezhu.e2e.identity-port", 28081) - 8081));
        env.put("CHEZHU_E2E_REDIS_DB", System.getProperty("chezhu.e2e.redis-db", "3"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError("./chezhu e2e-platform " + command + " " + module + " failed:\n" + output);
        }
    }

    private static long mergedAccounts(String merged) {
        return Databases.count("loyalty", "select count(*) from loyalty_account where person_id = ? and merged_into is not null",
                merged);
    }

    @Test
    void aConsumerThatWasDownCatchesUpOnWhatWasPublishedMeanwhile() throws Exception {
        String[] persons = MergeUnmergeFlowTest.twoPersonsThenOne(platform, () -> {
            try {
                chezhu("stop-service", "loyalty-service");
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        String survivor = persons[0];
        String merged = persons[1];
        assertEquals(0, mergedAccounts(merged), "loyalty is down: nothing merged yet");

        chezhu("start-service", "loyalty-service");

        Account one = eventually("loyalty caught up on the merge", () -> MergeUnmergeFlowTest.account(platform, survivor),
                acc -> acc.getBalance() == 800);
        assertEquals(java.util.List.of("accounts/" + merged), one.getMergedAccountsList());
        assertEquals(1, mergedAccounts(merged));
    }
}
