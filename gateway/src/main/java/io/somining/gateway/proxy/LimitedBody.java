package io.somining.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body counted as it streams to the service: once more than the route's limit has come, it fails
 * with {@link TooLarge} and passes nothing more on. The declared Content-Length is checked before; this
 * limits what is read however the body is framed (chunked bodies declare no length). Says when the client has
 * sent all of it: the wait for the service's answer starts then, not while a slow client uploads.
 */
final class LimitedBody implements ReadStream<Buffer> {

    /** The body went over the limit. */
    static final class TooLarge extends RuntimeException {

        TooLarge(long limit) {
            super("request body exceeds the limit of " + limit + " bytes", null, false, false);
        }
    }

    private final ReadStream<Buffer> source;
    private final long limit;
    private final Runnable whenRead;
    private long read;
    private boolean over;
    private Handler<Throwable> exceptionHandler;

    LimitedBody(ReadStream<Buffer> source, long limit, Runnable whenRead) {
        this.source = source;
        this.limit = limit;
        this.whenRead = whenRead;
    }

    /** More than the limit came. */
    boolean isOver() {
        return over;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        source.handler(handler == null ? null : buffer -> {
            if (over) {
                return;
            }
            read += buffer.length();
            if (read > limit) {
                over = true;
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new TooLarge(limit));
                }
                return;
            }
            handler.handle(buffer);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        source.endHandler(handler == null ? null : end -> {
            if (!over) {
                whenRead.run();
                handler.handle(end);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }
}
