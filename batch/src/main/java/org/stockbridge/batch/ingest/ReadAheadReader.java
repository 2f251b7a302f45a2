package org.stockbridge.batch.ingest;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads and processes items on a thread of its own, ahead of the step, so that the next chunk is parsed and mapped
 * while the current one is being written: the step's thread only takes finished items from a bounded queue. The
 * delegate is read from its start in the read-ahead thread (its own state is not saved); this reader counts the items
 * it hands out, and that count is what a restart resumes from (the read-ahead thread skips that many records without
 * processing them). The processor must return an item for every record (to refuse one, return an item saying so).
 * Not final: a step-scoped bean of it is proxied by subclassing.
 *
 * @param <I> what the delegate reads
 * @param <O> what the processor makes of it, and this reader returns
 */
public class ReadAheadReader<I, O> extends AbstractItemCountingItemStreamItemReader<O> {

    private static final Object END = new Object();

    private final ItemStreamReader<I> delegate;
    private final ItemProcessor<I, O> processor;
    private final int capacity;
    private final String threadName;
    private BlockingQueue<Object> queue;
    private Thread thread;
    private volatile boolean stopping;
    private int skip;
    private boolean ended;

    /**
     * @param name     the name under which the read count is saved (keep the delegate's, so a run interrupted by an
     *                 earlier version resumes at the same record)
     * @param capacity how many processed items may wait (a chunk's worth is enough to overlap reading with writing)
     */
    public ReadAheadReader(String name, ItemStreamReader<I> delegate, ItemProcessor<I, O> processor, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.delegate = delegate;
        this.processor = processor;
        this.capacity = capacity;
        this.threadName = "read-ahead-" + name;
        setName(name);
    }

    /** A failure of the read-ahead thread, handed to the step's thread to throw there. */
    private record Failure(Throwable error) {
    }

    @Override
    protected void doOpen() {
        skip = 0;
        ended = false;
        stopping = false;
        queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Restart: the read-ahead thread, started on the first read, passes over these records unprocessed. */
    @Override
    protected void jumpToItem(int itemIndex) {
        skip = itemIndex;
    }

    @Override
    protected O doRead() throws Exception {
        if (ended) {
            return null;
        }
        if (thread == null) {
            thread = new Thread(this::readAhead, threadName);
            thread.setDaemon(true);
            thread.start();
        }
        Object next = queue.take();
        if (next == END) {
            ended = true;
            return null;
        }
        if (next instanceof Failure failure) {
            ended = true;
            if (failure.error() instanceof Exception e) {
                throw e;
            }
            if (failure.error() instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("the read-ahead thread failed", failure.error());
        }
        @SuppressWarnings("unchecked")
        O item = (O) next;
        return item;
    }

    private void readAhead() {
        try {
            delegate.open(new ExecutionContext());
            for (int i = 0; i < skip && !stopping; i++) {
                if (delegate.read() == null) {
                    break;
                }
            }
            while (!stopping) {
                I record = delegate.read();
                if (record == null) {
                    put(END);
                    return;
                }
                O item = processor.process(record);
                if (item == null) {
                    throw new IllegalStateException("the read-ahead processor returned no item for " + record);
                }
                put(item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            try {
                put(new Failure(e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(Object item) throws InterruptedException {
        while (!stopping) {
            if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    @Override
    protected void doClose() throws Exception {
        stopping = true;
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            running.join(TimeUnit.SECONDS.toMillis(30));
            if (running.isAlive()) {
                throw new IllegalStateException(threadName + " did not stop within 30 s; its reader is left open");
            }
        }
        queue = null;
        delegate.close();
    }
}
