package org.tellonce.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tellonce.local.SamTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure TellOnce against its targets (SPEC section 9) on this machine and print a table.",
                "Cold start of the real handlers in fresh JVMs vs. a hello-world handler, intake throughput through "
                        + "the local stack vs. raw PutItem, fan-out latency, DynamoDB writes per story and per share, "
                        + "and the size of the function jar. The cold-start runs need functions/target/functions.jar: "
                        + "mvn -q package -DskipTests"})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Fewer runs and shorter cells: under 2 minutes (the full run takes ~5-10)")
    boolean quick;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the table as Markdown to FILE")
    Path output;

    @Option(names = "--template", description = "template.yaml (default: found from the current folder up)")
    Path template;

    @Option(names = "--functions-jar", paramLabel = "JAR",
            description = "The packaged functions (default: functions/target/functions.jar next to template.yaml)")
    Path functionsJar;

    @Override
    public Integer call() throws IOException {
        Path templatePath = (template != null ? template : SamTemplate.locate(Path.of(""))).toAbsolutePath();
        Path jar = functionsJar != null ? functionsJar.toAbsolutePath() : Bench.defaultFunctionsJar(templatePath);
        if (!Files.isRegularFile(jar)) {
            System.err.println("tellonce bench: " + jar + " is missing. Build it first, from "
                    + templatePath.getParent() + ":");
            System.err.println("  mvn -q package -DskipTests");
            return 2;
        }
        Bench.Settings settings = quick ? Bench.Settings.quick() : Bench.Settings.full();
        BenchReport report = Bench.run(settings, templatePath, jar, System.err);
        System.out.println();
        System.out.print(report.text());
        System.out.flush();
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, report.markdown(), StandardCharsets.UTF_8);
            System.err.println("bench: table written to " + output);
        }
        return 0;
    }
}
