package org.deskline.core.directory;

import java.util.Optional;

/** Languages the spoken prompts exist in. */
public enum Language {
    EN("en"),
    NL("nl");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Language> fromCode(String code) {
        for (Language l : values()) {
            if (l.code.equals(code)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
