package org.tellonce.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS, locally: every {@code AWS::SQS::Queue} of template.yaml is created in moto (FIFO where the template
 * says so), a function's {@code !Ref Queue} is that queue's URL, and every function with an {@code SQS}
 * event is invoked with the messages as Lambda's poller would: a batch of at most {@code BatchSize}, the
 * messages it does not report as failed deleted, the failed ones left to come back when their visibility
 * ends (the webhook delivery sets that itself: its retry backoff).
 */
final class LocalQueues implements AutoCloseable {
    private final SqsClient sqs;
    private final LambdaInvoker invoker;
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Poll> polls = new ArrayList<>();

    private record Poll(String functionId, String queueId, int batchSize) {
    }

    LocalQueues(SamTemplate template, SqsClient sqs, LambdaInvoker invoker) {
        this.sqs = sqs;
        this.invoker = invoker;
        for (String id : template.resourcesOfType("AWS::SQS::Queue")) {
            Object props = template.resource(id).get("Properties");
            boolean fifo = props instanceof Map<?, ?> p && Boolean.TRUE.equals(p.get("FifoQueue"));
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            if (fifo) {
                attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            String name = id + (fifo ? ".fifo" : "");
            urls.put(id, sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl());
        }
        for (SamTemplate.Function f : template.functions()) {
            for (SamTemplate.Event e : f.events()) {
                if ("SQS".equals(e.type()) && e.properties().get("Queue") instanceof Map<?, ?> ref
                        && ref.get("Fn::GetAtt") instanceof List<?> target && !target.isEmpty()) {
                    Object size = e.properties().get("BatchSize");
                    polls.add(new Poll(f.logicalId(), String.valueOf(target.get(0)),
                            size instanceof Number n ? Math.min(10, n.intValue()) : 10));
                }
            }
        }
    }

    /** Each queue's URL by its logical id (what {@code !Ref} gives a function). */
    Map<String, String> urls() {
        return Map.copyOf(urls);
    }

    LocalQueues start() {
        for (Poll poll : polls) {
            String url = urls.get(poll.queueId());
            if (url == null) {
                continue;
            }
            Thread thread = new Thread(() -> run(poll, url), "local-queue-" + poll.functionId());
            thread.setDaemon(true);
            thread.start();
            pollers.add(thread);
        }
        return this;
    }

    private void run(Poll poll, String url) {
        while (!closed.get()) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(poll.batchSize())
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (messages.isEmpty()) {
                    continue;
                }
                SQSEvent event = new SQSEvent();
                List<SQSEvent.SQSMessage> records = new ArrayList<>();
                for (Message m : messages) {
                    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                    record.setMessageId(m.messageId());
                    record.setReceiptHandle(m.receiptHandle());
                    record.setBody(m.body());
                    Map<String, String> attributes = new LinkedHashMap<>();
                    m.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
                    record.setAttributes(attributes);
                    record.setEventSource("aws:sqs");
                    records.add(record);
                }
                event.setRecords(records);
                Object answer = invoker.invoke(poll.functionId(), event);
                Set<String> failed = new HashSet<>();
                if (answer instanceof SQSBatchResponse response && response.getBatchItemFailures() != null) {
                    response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
                }
                for (Message m : messages) {
                    if (!failed.contains(m.messageId())) {
                        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                    }
                }
            } catch (RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                // As Lambda: the batch comes back when its visibility ends.
                System.err.println("Local queue for " + poll.functionId() + ": " + e.getClass().getSimpleName());
                sleep(1000);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.set(true);
        pollers.forEach(Thread::interrupt);
    }
}
