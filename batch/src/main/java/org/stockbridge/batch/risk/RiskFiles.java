package org.stockbridge.batch.risk;

import java.nio.file.Files;
import java.nio.file.Path;
import org.stockbridge.forecasting.risk.FdaShortages;
import org.stockbridge.forecasting.risk.MarketedProducts;
import org.stockbridge.forecasting.risk.RiskSources;

/**
 * The files the risk model learns from, read once from a folder laid out as {@code data/real}: the Drug Shortages
 * Canada report history (through {@link DscHistoryReader}, the ingest's reader), the Drug Product Database and (when
 * present) the openFDA shortage file. A missing or unreadable history is refused with an IllegalArgumentException.
 */
public final class RiskFiles {

    private RiskFiles() {
    }

    public static RiskSources read(Path dataDirectory) {
        Path dsc = dataDirectory.resolve(DscHistoryReader.FILE);
        if (!Files.isRegularFile(dsc)) {
            throw new IllegalArgumentException("the shortage report history " + dsc + " is missing");
        }
        DscHistoryReader.Read read = DscHistoryReader.read(dsc);
        Path fdaFile = dataDirectory.resolve(FdaShortages.FILE);
        FdaShortages fda = Files.isRegularFile(fdaFile) ? FdaShortages.read(fdaFile) : FdaShortages.none();
        return new RiskSources(read.reports(), read.rejected(), MarketedProducts.read(dataDirectory), fda,
                "DSC reports " + read.reports().size() + " (filed " + read.reports().get(0).filed() + ".."
                        + read.lastFiled() + ", " + read.rekeyed() + " keyed to their active moiety rather than the "
                        + "names as written), DPD, " + (Files.isRegularFile(fdaFile) ? "openFDA" : "no openFDA"));
    }
}
