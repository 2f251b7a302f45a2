/** Sites: the stockpile locations of ASPR, PHAC, states, provinces and dispensing partners. */
package org.stockbridge.api.site;
