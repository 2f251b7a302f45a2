package org.stockbridge.api.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link SecuritySettings} and {@link RedisSettings} in every kind of run, the command-line ones without a web server included. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecuritySettings.class, RedisSettings.class})
class SecuritySettingsConfiguration {
}
