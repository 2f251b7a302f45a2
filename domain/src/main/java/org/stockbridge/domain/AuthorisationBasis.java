package org.stockbridge.domain;

/**
 * Why a product may be used in a jurisdiction: marketed there under its DIN/NDC, Health Canada's List of Drugs for
 * Exceptional Importation and Sale, FDA temporary importation under enforcement discretion, or an Emergency Use
 * Authorization.
 */
public enum AuthorisationBasis {
    MARKETED, EXCEPTIONAL_IMPORTATION, TEMPORARY_IMPORTATION, EUA
}
