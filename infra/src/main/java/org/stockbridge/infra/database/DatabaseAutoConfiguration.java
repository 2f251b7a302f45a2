package org.stockbridge.infra.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * One database configuration for the whole process: the endpoint comes from {@code stockbridge.db.url} (or Spring's
 * {@code spring.datasource.url}) or from an embedded server, and both the JDBC pool and the R2DBC pool are built from it.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration"})
@EnableConfigurationProperties(StockbridgeDatabaseProperties.class)
public class DatabaseAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DatabaseRuntime databaseRuntime(StockbridgeDatabaseProperties properties,
                                    org.springframework.core.env.Environment environment) {
        String url = properties.url();
        String username = properties.username();
        String password = properties.password();
        if (url == null || url.isBlank()) {
            url = environment.getProperty("spring.datasource.url");
            username = username != null ? username : environment.getProperty("spring.datasource.username");
            password = password != null ? password : environment.getProperty("spring.datasource.password");
        }
        if (url != null && !url.isBlank()) {
            return DatabaseRuntime.external(DatabaseEndpoint.parse(url, username, password));
        }
        return DatabaseRuntime.embedded(properties.embedded().dataDirectory(), properties.embedded().port());
    }

    @Bean
    @ConditionalOnMissingBean
    DatabaseEndpoint databaseEndpoint(DatabaseRuntime runtime) {
        return runtime.endpoint();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    HikariDataSource dataSource(DatabaseEndpoint endpoint, StockbridgeDatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("stockbridge-jdbc");
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(endpoint.username());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(properties.pool().jdbcMaxSize());
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    @Bean(destroyMethod = "dispose")
    @ConditionalOnMissingBean(ConnectionFactory.class)
    ConnectionPool connectionFactory(DatabaseEndpoint endpoint, StockbridgeDatabaseProperties properties) {
        return R2dbcPools.create(endpoint, "stockbridge-r2dbc", "stockbridge-api", properties.pool().r2dbcMaxSize(),
                properties.statementTimeout());
    }

    @Bean
    @ConditionalOnMissingBean(PlatformTransactionManager.class)
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean(ReactiveTransactionManager.class)
    R2dbcTransactionManager reactiveTransactionManager(ObjectProvider<ConnectionFactory> connectionFactory) {
        return new R2dbcTransactionManager(connectionFactory.getObject());
    }
}
