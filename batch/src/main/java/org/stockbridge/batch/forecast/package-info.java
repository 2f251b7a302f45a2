/** The forecast job: retrains the demand and shortage-risk models, registers them, and scores every (site, product). */
package org.stockbridge.batch.forecast;
