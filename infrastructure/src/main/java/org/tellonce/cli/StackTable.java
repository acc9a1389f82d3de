package org.tellonce.cli;

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The table of a deployed stack: CloudFormation names it per stack, and template.yaml's
 * {@value #OUTPUT} output says which it is ({@code --stack}).
 */
final class StackTable {
    static final String OUTPUT = "TableName";

    private StackTable() {
    }

    /** @throws IllegalArgumentException when there is no such stack or it has no {@value #OUTPUT} output */
    static String of(CloudFormationClient cloudFormation, String stackName) {
        Stack stack;
        try {
            stack = cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().stream().findFirst()
                    .orElseThrow(() -> noStack(stackName));
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                throw noStack(stackName);
            }
            throw e;
        }
        return stack.outputs().stream().filter(o -> OUTPUT.equals(o.outputKey())).map(Output::outputValue)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("Stack " + stackName + " has no "
                        + OUTPUT + " output (is it a TellOnce stack?)"));
    }

    private static IllegalArgumentException noStack(String stackName) {
        return new IllegalArgumentException("No CloudFormation stack " + stackName + " (check --stack and --region)");
    }
}
