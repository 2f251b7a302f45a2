package org.stockbridge.infra.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs PostgreSQL. The class gets a database of its own, freshly migrated, on the server
 * {@link TestDatabaseExtension} chooses. Tagged {@code database} so CI can rerun exactly these against another server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("database")
@ExtendWith(TestDatabaseExtension.class)
public @interface DatabaseTest {
}
