/** The Stockbridge application: the one process a user starts. */
package org.stockbridge.api;
