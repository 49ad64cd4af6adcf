package io.crossnet.linux.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that builds real kernel objects in namespaces it creates. Outside CI a
 * non-root run skips it with the reason; under {@code CI=true} a missing privilege fails it.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag("netns")
@ExtendWith(PrivilegedCheck.class)
public @interface Privileged {}
