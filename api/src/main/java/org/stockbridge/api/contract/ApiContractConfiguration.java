package org.stockbridge.api.contract;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ObjectSchema;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document's frame and the customizer that adds to each operation what its handler declares
 * ({@link ApiContract}). The OAuth2 token URL is the agencies' provider's ({@code stockbridge.api.oauth2-token-url});
 * unset, it names the local demo issuer of the embedded default.
 */
@Configuration(proxyBeanMethods = false)
class ApiContractConfiguration {

    static {
        // free-form JSON (a change's payload, an audit row's before and after) is documented as such, not as the
        // properties of Jackson's tree classes
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema()
                .description("Free-form JSON"));
    }

    @Bean
    OpenAPI stockbridgeApiDocument(@Value("${stockbridge.api.oauth2-token-url:/auth/local-token}") String tokenUrl) {
        return ApiContract.document(tokenUrl);
    }

    @Bean
    OperationCustomizer stockbridgeOperationContract() {
        return ApiContract::describe;
    }
}
