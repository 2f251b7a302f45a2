/** The database runtime: one PostgreSQL endpoint, embedded or external, behind both the JDBC and the R2DBC pools. */
package org.stockbridge.infra.database;
