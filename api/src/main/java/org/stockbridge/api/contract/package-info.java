/** The API contract as partners see it: the OpenAPI document's security, problems, headers and version. */
package org.stockbridge.api.contract;
