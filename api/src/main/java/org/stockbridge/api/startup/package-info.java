/** Start-up: loads the reference data and the demo stock into a new database. */
package org.stockbridge.api.startup;
