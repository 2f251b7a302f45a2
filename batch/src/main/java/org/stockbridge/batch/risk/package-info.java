/**
 * The shortage-risk model's files, read with the ingest's readers: the Drug Shortages Canada history through the
 * format recogniser, the record reader and the report mapping, turned into the filed reports the risk model learns
 * from; and the command lines that score and backtest the model from those files.
 */
package org.stockbridge.batch.risk;
