package org.tellonce.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tellonce.cli.TellOnceCommand;
import org.tellonce.config.EnvNames;
import org.tellonce.local.LocalStack;

/** The admin's {@code tellonce partners ...} command, run in-process against the stack's moto. */
public final class Admin {
    private final LocalStack stack;
    private Path data;

    public Admin(LocalStack stack) {
        this.stack = stack;
    }

    /** What the command printed and how it exited. */
    public record Result(int exitCode, String out, String err) {
        public List<String> lines() {
            return out.lines().toList();
        }

        public String lastLine() {
            List<String> lines = lines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        }
    }

    /** {@code tellonce partners ARGS --endpoint <the stack's DynamoDB>}. */
    public Result partners(String... args) {
        List<String> all = new ArrayList<>();
        all.add("partners");
        all.addAll(Arrays.asList(args));
        all.add("--endpoint");
        all.add(stack.dynamoEndpoint());
        return run(all.toArray(String[]::new));
    }

    /**
     * {@code tellonce staff ARGS --endpoint <the stack's DynamoDB> --data <a folder with the stack's
     * resident key secret>}, as an admin runs it beside {@code tellonce local}.
     */
    public Result staff(String... args) {
        List<String> all = new ArrayList<>();
        all.add("staff");
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--endpoint", stack.dynamoEndpoint(), "--data", dataWithSecret().toString()));
        return run(all.toArray(String[]::new));
    }

    /**
     * {@code tellonce partners webhook --id ID --url URL} with the stack's secret (the signing secret is
     * stored sealed with it), as an admin runs it beside {@code tellonce local}.
     */
    public Result webhook(String id, String url) {
        return run("partners", "webhook", "--id", id, "--url", url, "--endpoint", stack.dynamoEndpoint(),
                "--data", dataWithSecret().toString());
    }

    /** Adds a member of staff; fails the test if the command refuses. */
    public void addStaff(String email, String name, String role, String... more) {
        List<String> args = new ArrayList<>(List.of("add", "--email", email, "--name", name, "--role", role));
        args.addAll(Arrays.asList(more));
        Result result = staff(args.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError("staff add failed: " + result);
        }
    }

    private Path dataWithSecret() {
        try {
            if (data == null) {
                data = Files.createTempDirectory("tellonce-admin");
                Files.writeString(data.resolve(LocalStack.SECRET_FILE),
                        stack.environment("StaffSignInFunction").get(EnvNames.RESIDENT_KEY_SECRET));
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a partner and answers the API key it printed (its last line). */
    public String addPartner(String id, String name, String topics, String areas) {
        List<String> args = new ArrayList<>(List.of("add", "--id", id, "--name", name, "--topics", topics));
        if (!areas.isEmpty()) {
            args.add("--areas");
            args.add(areas);
        }
        Result result = partners(args.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError("partners add failed: " + result);
        }
        return result.lastLine();
    }

    public String rotateKey(String id) {
        Result result = partners("rotate-key", "--id", id);
        if (result.exitCode() != 0) {
            throw new AssertionError("partners rotate-key failed: " + result);
        }
        return result.lastLine();
    }

    public void disable(String id) {
        Result result = partners("disable", "--id", id);
        if (result.exitCode() != 0) {
            throw new AssertionError("partners disable failed: " + result);
        }
    }

    /** The command writes to System.out and System.err; both are captured while it runs. */
    public static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            exit = TellOnceCommand.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Result(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }
}
