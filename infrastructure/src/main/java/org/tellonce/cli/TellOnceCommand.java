package org.tellonce.cli;

import java.io.PrintWriter;
import org.tellonce.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tellonce}: the local stack, admin commands, local invoke and the benchmark. */
@Command(name = "tellonce",
        mixinStandardHelpOptions = true,
        version = "tellonce 1.0.0",
        description = "TellOnce: residents' stories stored once, shared only as consented.",
        subcommands = {LocalCommand.class, PartnersCommand.class, StaffCommand.class, InvokeCommand.class, ExportCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class TellOnceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** As {@link #run(String...)}, with the command's output and errors going to the given writers. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    private static CommandLine commandLine() {
        return new CommandLine(new TellOnceCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
