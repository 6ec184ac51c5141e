package dev.chezhu.telematics.domain;

/** What a proactive alert is about; the names are those of the wire enum without its prefix. */
public enum AlertType {
    SERVICE_DUE,
    DTC,
    LOW_TYRE_PRESSURE,
    CELL_IMBALANCE
}
