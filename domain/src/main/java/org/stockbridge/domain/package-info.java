/** The shared domain vocabulary of Stockbridge, free of any framework. */
package org.stockbridge.domain;
