/**
 * The file formats Stockbridge ingests: recognising a file's format from its content, the column maps of each
 * generation of the DSC exports, and mapping one source record to a shortage report or a reject with its reason.
 */
package org.stockbridge.batch.format;
