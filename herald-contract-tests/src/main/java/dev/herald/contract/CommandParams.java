package dev.herald.contract;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * The body of {@code POST /streams/{id}}: a command for an open stream.
 *
 * @param command {@code restart} or {@code listen}
 * @param listen the parameters of {@code listen}; the harness's Go struct has no JSON tag on this field, so it
 *               arrives as {@code Listen}, while the spec writes {@code listen}: both are accepted
 */
public record CommandParams(String command, @JsonAlias("Listen") ListenParams listen) {
}
