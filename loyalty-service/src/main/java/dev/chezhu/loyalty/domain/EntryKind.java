package dev.chezhu.loyalty.domain;

/**
 * The kind of a points movement; the sign of its points follows from it (checked by the database too):
 * EARN adds, REDEEM and EXPIRE take away, REVERSE undoes one earlier entry, ADJUST corrects either way.
 */
public enum EntryKind {
    EARN,
    REDEEM,
    EXPIRE,
    REVERSE,
    ADJUST
}
