package org.tellonce.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--quick", description = "Fewer runs and shorter cells: under 2 minutes (the full run takes 4-7)")
    boolean quick;

    @Option(names = "--scale", description = "The growth rows instead of cold start and throughput: the fan-out "
            + "with 20 and 100 partners, then the table seeded to 1,000 and 100,000 stories and a feed page, a story "
            + "view, an intake, a consent change, an erasure and the export timed at each (under 15 minutes)")
    boolean scale;

    @Option(names = "--scale-stories", paramLabel = "N", description = "With --scale: seed to 1,000 and then N "
            + "stories instead of 100,000 (N <= 1,000: N only)")
    Integer scaleStories;

    @Option(names = "--fan-out-stories", paramLabel = "N", description = "Stories in each fan-out row "
            + "(default: 30 quick, 200 full, 30 with --scale)")
    Integer fanOutStories;

    @Option(names = "--scale-samples", paramLabel = "N", description = "With --scale: timed rounds per size "
            + "(default 20)")
    Integer scaleSamples;

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
        boolean scaleOnly = (scale || scaleStories != null);
        if (!scaleOnly && !Files.isRegularFile(jar)) {
            System.err.println("tellonce bench: " + jar + " is missing. Build it first, from "
                    + templatePath.getParent() + ":");
            System.err.println("  mvn -q package -DskipTests");
            return 2;
        }
        Bench.Settings settings = quick ? Bench.Settings.quick() : Bench.Settings.full();
        if (scale || scaleStories != null) {
            int largest = scaleStories != null ? scaleStories : 100_000;
            if (largest < 1) {
                System.err.println("tellonce bench: --scale-stories must be at least 1");
                return 2;
            }
            settings = Bench.Settings.scale(largest <= 1_000 ? List.of(largest) : List.of(1_000, largest));
        }
        if (scaleSamples != null) {
            settings = settings.withScale(settings.scaleSizes(), Math.max(1, scaleSamples));
        }
        if (fanOutStories != null) {
            settings = settings.withFanOutStories(Math.max(1, fanOutStories));
        }
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
