package dev.chezhu.recommendation.domain;

/** What kind of audio a catalogue item is. */
public enum AudioKind {
    PROGRAMME, EPISODE, MUSIC, NEWS, TALK, AUDIOBOOK, LANGUAGE_COURSE
}
