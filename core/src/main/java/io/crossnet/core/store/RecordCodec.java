package io.crossnet.core.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Records are stored as JSON: readable with any tool, and new fields can be added without a
 * migration (unknown fields are ignored, missing ones are null). The layout version in the meta
 * map covers changes that need more than that.
 */
final class RecordCodec {
  private final ObjectMapper mapper;

  RecordCodec() {
    SimpleModule m = new SimpleModule("crossnet-store");
    m.addSerializer(IpAddress.class, new ToStringSerializer<>());
    m.addSerializer(IpPrefix.class, new ToStringSerializer<>());
    m.addSerializer(Instant.class, new ToStringSerializer<>());
    m.addDeserializer(IpAddress.class, new FromString<>(s -> IpAddress.parse("store", s)));
    m.addDeserializer(IpPrefix.class, new FromString<>(s -> IpPrefix.parse("store", s)));
    m.addDeserializer(Instant.class, new FromString<>(Instant::parse));
    mapper = new ObjectMapper().registerModule(m).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  byte[] encode(Object record) {
    try {
      return mapper.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T> T decode(byte[] data, Class<T> type) {
    try {
      return mapper.readValue(data, type);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt " + type.getSimpleName() + " record", e);
    }
  }

  private static final class ToStringSerializer<T> extends JsonSerializer<T> {
    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class FromString<T> extends JsonDeserializer<T> {
    private final java.util.function.Function<String, T> parse;

    FromString(java.util.function.Function<String, T> parse) {
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return parse.apply(p.getValueAsString());
    }
  }
}
