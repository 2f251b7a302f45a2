package org.stockbridge.api.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

/**
 * How strictly the service reads JSON (request bodies and the JSON it stored itself): a body means exactly what it
 * says or is refused. An unknown field, a key given twice (else the last would silently win), a fraction or exponent
 * where a whole number belongs (else 1.5 would be truncated to 1), and a string or boolean where a number belongs
 * (else "10" would be coerced) are all refused, and {@link ProblemDetailsHandler} words the 400 by
 * {@link BodyProblems}.
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
