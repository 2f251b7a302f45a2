/** Test support: a clean PostgreSQL database per test class on an external, containerised or embedded server. */
package org.stockbridge.infra.testing;
