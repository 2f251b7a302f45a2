package org.stockbridge.api.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;

/**
 * The body limits below the web filters: every body is counted as it is read ({@link CountedBodies}), and the codecs
 * may hold a whole {@code max-body} in memory, so that the limit refusing a body is always {@code max-body} (or
 * {@code max-upload}) with its {@code payload-too-large} problem, never a codec's own, smaller buffer limit.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class BodyLimitConfiguration {

    @Bean
    HttpHandlerDecoratorFactory countedBodies(SecuritySettings settings) {
        return new CountedBodies(BodyLimits.of(settings));
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    CodecCustomizer bodyLimitCodecs(SecuritySettings settings) {
        long maxBody = BodyLimits.of(settings).maxBody();
        return configurer -> configurer.defaultCodecs().maxInMemorySize((int) Math.min(Integer.MAX_VALUE, maxBody));
    }
}
