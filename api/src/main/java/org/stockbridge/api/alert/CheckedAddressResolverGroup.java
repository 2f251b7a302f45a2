package org.stockbridge.api.alert;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The resolver of the webhook HTTP client: it resolves a target's host once, at connect time, and hands the client
 * only addresses {@link WebhookTargetCheck} allows, so the check is made on the very addresses connected to. A name
 * that resolved to a public address when its subscription was saved and resolves to {@code 127.0.0.1} or
 * {@code 169.254.169.254} now (DNS rebinding) fails the connection with a {@link RefusedAddressException}. An address
 * literal in the URL is checked the same way, without a lookup. The host name itself still goes in the
 * {@code Host} header and the TLS server name.
 */
final class CheckedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    /** A connection refused because the target resolved to an address the rule refuses. */
    static final class RefusedAddressException extends UnknownHostException {

        RefusedAddressException(String reason) {
            super(reason);
        }
    }

    private final WebhookTargetCheck targets;

    CheckedAddressResolverGroup(WebhookTargetCheck targets) {
        this.targets = targets;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new Resolver(executor);
    }

    private final class Resolver implements AddressResolver<InetSocketAddress> {

        private final EventExecutor executor;

        Resolver(EventExecutor executor) {
            this.executor = executor;
        }

        @Override
        public boolean isSupported(SocketAddress address) {
            return address instanceof InetSocketAddress;
        }

        /** Never: even an address literal goes through {@link #resolveAll} to be checked. */
        @Override
        public boolean isResolved(SocketAddress address) {
            return false;
        }

        @Override
        public Future<InetSocketAddress> resolve(SocketAddress address) {
            return resolve(address, executor.newPromise());
        }

        @Override
        public Future<InetSocketAddress> resolve(SocketAddress address, Promise<InetSocketAddress> promise) {
            checked((InetSocketAddress) address).subscribe(found -> promise.trySuccess(found.get(0)),
                    promise::tryFailure);
            return promise;
        }

        @Override
        public Future<List<InetSocketAddress>> resolveAll(SocketAddress address) {
            return resolveAll(address, executor.newPromise());
        }

        @Override
        public Future<List<InetSocketAddress>> resolveAll(SocketAddress address,
                                                          Promise<List<InetSocketAddress>> promise) {
            checked((InetSocketAddress) address).subscribe(promise::trySuccess, promise::tryFailure);
            return promise;
        }

        private Mono<List<InetSocketAddress>> checked(InetSocketAddress target) {
            Mono<List<InetAddress>> addresses = target.isUnresolved()
                    ? targets.addresses(target.getHostString()) : Mono.just(List.of(target.getAddress()));
            return addresses.flatMap(found -> {
                Optional<String> refusal = targets.refusal(found);
                if (refusal.isPresent()) {
                    return Mono.error(new RefusedAddressException(target.getHostString() + " resolved to "
                            + refusal.get()));
                }
                return Mono.just(found.stream().map(a -> new InetSocketAddress(a, target.getPort())).toList());
            });
        }

        @Override
        public void close() {
        }
    }
}
