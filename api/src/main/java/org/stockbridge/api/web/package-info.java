/** Web conventions shared by every feature: problem details, cursor pagination, request validation. */
package org.stockbridge.api.web;
