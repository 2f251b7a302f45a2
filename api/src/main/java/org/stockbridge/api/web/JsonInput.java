package org.stockbridge.api.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.stockbridge.domain.ClientDates;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * How strictly the service reads JSON (request bodies and the JSON it stored itself): a body means exactly what it
 * says or is refused. An unknown field, a key given twice (else the last would silently win), a fraction or exponent
 * where a whole number belongs (else 1.5 would be truncated to 1), a string or boolean where a number belongs (else
 * "10" would be coerced) and a date outside the years {@link ClientDates} allows are all refused, and
 * {@link ProblemDetailsHandler} words the 400 by {@link BodyProblems}.
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {

    private static final Set<Class<?>> DATES =
            Set.of(LocalDate.class, OffsetDateTime.class, ZonedDateTime.class, Instant.class);

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        SimpleModule dates = new SimpleModule("client-dates").setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                    BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
                return DATES.contains(deserializer.handledType()) ? new WithinClientDates(deserializer) : deserializer;
            }
        });
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(dates);
    }

    /** A date read as the wrapped deserializer reads it, refused when outside {@link ClientDates}. */
    static final class WithinClientDates extends DelegatingDeserializer {

        WithinClientDates(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new WithinClientDates(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            Object value = super.deserialize(parser, context);
            String refusal = ClientDates.refusal(value);
            if (refusal != null) {
                throw new OutOfRange(parser, refusal, value, handledType());
            }
            return value;
        }
    }

    /** A date outside {@link ClientDates}: {@link BodyProblems} words it with the field's path. */
    static final class OutOfRange extends InvalidFormatException {

        OutOfRange(JsonParser parser, String refusal, Object value, Class<?> type) {
            super(parser, refusal, value, type);
        }
    }
}
