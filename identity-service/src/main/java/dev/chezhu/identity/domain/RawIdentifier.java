package dev.chezhu.identity.domain;

/** An identifier as a touchpoint sent it, before validation; {@code kind} is null when unknown. */
public record RawIdentifier(IdentifierKind kind, String value, String scope) {
}
