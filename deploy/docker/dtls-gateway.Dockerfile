# The LwM2M adapter's DTLS gateway (services/dtls-gateway): a sidecar in the adapter's pod.
#   docker build -f deploy/docker/dtls-gateway.Dockerfile -t rosetta/dtls-gateway .
ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY services/dtls-gateway/pom.xml ./
RUN mvn -q -B dependency:go-offline
COPY services/dtls-gateway/src ./src
RUN mvn -q -B package

FROM ${JRE_IMAGE}
WORKDIR /app
COPY --from=build --chown=root:root /src/target/dtls-gateway-1.0.0.jar /src/target/lib/ /app/lib/
# Non-root (uid 1000, as the Node services); the files stay owned by root.
USER 1000:1000
EXPOSE 5684/udp 9466
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-cp", "/app/lib/*", "dev.rosetta.dtls.Main"]
