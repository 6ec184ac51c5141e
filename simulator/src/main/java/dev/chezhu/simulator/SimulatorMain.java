package dev.chezhu.simulator;

import jakarta.inject.Inject;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/** {@code java -jar simulator/target/quarkus-app/quarkus-run.jar demo} */
@QuarkusMain
public class SimulatorMain implements QuarkusApplication {

    @Inject
    DemoScenario demo;

    @Override
    public int run(String... args) {
        String command = args.length == 0 ? "demo" : args[0];
        if (!command.equals("demo")) {
            System.err.println("usage: simulator demo");
            return 2;
        }
        Summary summary = demo.run();
        System.out.println(summary.render());
        return summary.failed() ? 1 : 0;
    }
}
