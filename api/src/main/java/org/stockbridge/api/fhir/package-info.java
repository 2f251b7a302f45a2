/** HL7 FHIR R5: a site's stock as an InventoryReport, and InventoryReport snapshots as counted stock positions. */
package org.stockbridge.api.fhir;
