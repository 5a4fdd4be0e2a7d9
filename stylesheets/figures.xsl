<?xml version="1.0" encoding="UTF-8"?>
<!--
  figures.xsl: figures computed from the programme data, never typed into it (XSLT 1.0
  with the EXSLT node-set function). Import it beside common.xsl.

  Savings are the workstreams' <annual-savings> in the currency of the award (GBP when
  the award has no amount). The timeline counts in months: a month index is
  year * 12 + month - 1. A go-live date at a coarser precision starts in the first
  month the program itself gives it (early: January, mid: May, late: September,
  spring: March, summer: June, autumn: September, winter: December, a bare year:
  January). A service's savings accrue evenly, one twelfth of the annual amount in each
  month from its go-live month on, and a month's savings count at its end.

    bp:savings-total-amount  sum of annual savings (a number)
    bp:funding-amount        the award's amount (a number; 0 when not known)
    bp:return-ratio          annual savings per pound of funding, "4.67"
    bp:return-percent        the same as a percentage, "467%"
    bp:payback               the payback as an element (exsl:node-set it):
                               <payback month="24089" label="June 2007"
                                 after-award="25" savings-months="3"
                                 simple="2.6"/>
                             month: the month in which cumulative savings first
                             reach the funding; after-award: months from the award
                             month; savings-months: months of savings it took,
                             counting the first go-live month as 1; simple: the
                             funding divided by the full monthly savings, to one
                             decimal. Empty when there is no funding amount, no
                             dated savings, or no payback within twenty years.
    bp:streams               one <s g="month index" m="monthly amount"/> per dated
                             saving (exsl:node-set it)
    bp:cumulative            <pt i="month" v="cumulative at the month's end"/> for the
                             months from "from" to "to"
    bp:status-summary        "two are agreed, one is agreed subject to approval and
                             one is under consideration" ("at options appraisal",
                             "being implemented" for those statuses)
    bp:status-counts         <status value="agreed" label="Agreed" count="2"/> for
                             each status that has workstreams, most advanced first
    bp:month-index, bp:month-label  a date element to a month index, and back
    bp:months-phrase         25 as "2 years and 1 month"
    bp:return-sentence, bp:payback-sentence, bp:status-sentence
                             the same figures as sentences, for every kind alike
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:bp="urn:briefpack:common"
                xmlns:exsl="http://exslt.org/common"
                extension-element-prefixes="exsl"
                exclude-result-prefixes="bp exsl">

  <!-- the currency the funding and the savings are compared in -->
  <xsl:variable name="bp-currency">
    <xsl:choose>
      <xsl:when test="/programme/funding/award/money/@currency">
        <xsl:value-of select="/programme/funding/award/money/@currency"/>
      </xsl:when>
      <xsl:otherwise>GBP</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- savings in that currency (no currency attribute means GBP) -->
  <xsl:variable name="bp-savings"
                select="/programme/workstreams/workstream/annual-savings
                        [money/@currency = $bp-currency
                         or (not(money/@currency) and $bp-currency = 'GBP')]"/>

  <!-- ============================================================ totals -->

  <xsl:template name="bp:savings-total-amount">
    <xsl:value-of select="sum($bp-savings/money/@amount)"/>
  </xsl:template>

  <xsl:template name="bp:funding-amount">
    <xsl:variable name="a" select="/programme/funding/award/money/@amount"/>
    <xsl:choose>
      <xsl:when test="$a"><xsl:value-of select="number($a)"/></xsl:when>
      <xsl:otherwise>0</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bp:return-ratio">
    <xsl:variable name="f"><xsl:call-template name="bp:funding-amount"/></xsl:variable>
    <xsl:if test="$f > 0">
      <xsl:value-of select="format-number(sum($bp-savings/money/@amount) div $f, '0.00')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="bp:return-percent">
    <xsl:variable name="f"><xsl:call-template name="bp:funding-amount"/></xsl:variable>
    <xsl:if test="$f > 0">
      <xsl:value-of select="format-number(sum($bp-savings/money/@amount) div $f, '#,##0%')"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ months -->

  <xsl:template name="bp:month-index">
    <xsl:param name="node" select="."/>
    <xsl:choose>
      <xsl:when test="$node/@day">
        <xsl:value-of select="substring($node/@day, 1, 4) * 12 + substring($node/@day, 6, 2) - 1"/>
      </xsl:when>
      <xsl:when test="$node/@month">
        <xsl:value-of select="substring($node/@month, 1, 4) * 12 + substring($node/@month, 6, 2) - 1"/>
      </xsl:when>
      <xsl:when test="$node/@year">
        <xsl:variable name="first">
          <xsl:choose>
            <xsl:when test="$node/@part = 'mid'">5</xsl:when>
            <xsl:when test="$node/@part = 'late'">9</xsl:when>
            <xsl:when test="$node/@season = 'spring'">3</xsl:when>
            <xsl:when test="$node/@season = 'summer'">6</xsl:when>
            <xsl:when test="$node/@season = 'autumn'">9</xsl:when>
            <xsl:when test="$node/@season = 'winter'">12</xsl:when>
            <xsl:otherwise>1</xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:value-of select="$node/@year * 12 + $first - 1"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- "June 2007" for a month index; short="yes" gives "Jun 2007" -->
  <xsl:template name="bp:month-label">
    <xsl:param name="index"/>
    <xsl:param name="short" select="false()"/>
    <xsl:variable name="name">
      <xsl:call-template name="bp:month-name">
        <xsl:with-param name="month" select="($index mod 12) + 1"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$short"><xsl:value-of select="substring($name, 1, 3)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="concat(' ', floor($index div 12))"/>
  </xsl:template>

  <!-- "2 years and 1 month", "3 months" -->
  <xsl:template name="bp:months-phrase">
    <xsl:param name="months"/>
    <xsl:variable name="y" select="floor($months div 12)"/>
    <xsl:variable name="m" select="$months mod 12"/>
    <xsl:if test="$y > 0">
      <xsl:value-of select="$y"/>
      <xsl:choose>
        <xsl:when test="$y = 1"> year</xsl:when>
        <xsl:otherwise> years</xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$m > 0"> and </xsl:if>
    </xsl:if>
    <xsl:if test="$m > 0 or $y = 0">
      <xsl:value-of select="$m"/>
      <xsl:choose>
        <xsl:when test="$m = 1"> month</xsl:when>
        <xsl:otherwise> months</xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- ========================================================= timeline -->

  <xsl:template name="bp:streams">
    <xsl:for-each select="$bp-savings[../go-live]">
      <xsl:variable name="g">
        <xsl:call-template name="bp:month-index">
          <xsl:with-param name="node" select="../go-live"/>
        </xsl:call-template>
      </xsl:variable>
      <s id="{../@id}" g="{$g}" m="{money/@amount div 12}"/>
    </xsl:for-each>
  </xsl:template>

  <!-- The award month; without an award date, the month before the first go-live. -->
  <xsl:template name="bp:start-month">
    <xsl:param name="streams"/>
    <xsl:choose>
      <xsl:when test="/programme/funding/award/awarded">
        <xsl:call-template name="bp:month-index">
          <xsl:with-param name="node" select="/programme/funding/award/awarded"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$streams">
          <xsl:sort select="@g" data-type="number"/>
          <xsl:if test="position() = 1"><xsl:value-of select="@g - 1"/></xsl:if>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One <pt> per month from "from" to "to"; "cum" is the total before "from". -->
  <xsl:template name="bp:cumulative">
    <xsl:param name="streams"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:param name="cum" select="0"/>
    <xsl:if test="$from &lt;= $to">
      <xsl:variable name="v" select="$cum + sum($streams[@g &lt;= $from]/@m)"/>
      <pt i="{$from}" v="{$v}"/>
      <xsl:call-template name="bp:cumulative">
        <xsl:with-param name="streams" select="$streams"/>
        <xsl:with-param name="from" select="$from + 1"/>
        <xsl:with-param name="to" select="$to"/>
        <xsl:with-param name="cum" select="$v"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The first month from "from" whose cumulative savings reach "target", looking at
       most "left" months ahead; nothing when none does. -->
  <xsl:template name="bp:first-month-reaching">
    <xsl:param name="streams"/>
    <xsl:param name="from"/>
    <xsl:param name="target"/>
    <xsl:param name="cum" select="0"/>
    <xsl:param name="left" select="240"/>
    <xsl:if test="$left > 0">
      <xsl:variable name="v" select="$cum + sum($streams[@g &lt;= $from]/@m)"/>
      <xsl:choose>
        <xsl:when test="$v >= $target"><xsl:value-of select="$from"/></xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="bp:first-month-reaching">
            <xsl:with-param name="streams" select="$streams"/>
            <xsl:with-param name="from" select="$from + 1"/>
            <xsl:with-param name="target" select="$target"/>
            <xsl:with-param name="cum" select="$v"/>
            <xsl:with-param name="left" select="$left - 1"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <xsl:template name="bp:payback">
    <xsl:variable name="streams-rtf"><xsl:call-template name="bp:streams"/></xsl:variable>
    <xsl:variable name="streams" select="exsl:node-set($streams-rtf)/s"/>
    <xsl:variable name="funding"><xsl:call-template name="bp:funding-amount"/></xsl:variable>
    <xsl:if test="$funding > 0 and $streams">
      <xsl:variable name="first">
        <xsl:for-each select="$streams">
          <xsl:sort select="@g" data-type="number"/>
          <xsl:if test="position() = 1"><xsl:value-of select="@g"/></xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="start">
        <xsl:call-template name="bp:start-month">
          <xsl:with-param name="streams" select="$streams"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="month">
        <xsl:call-template name="bp:first-month-reaching">
          <xsl:with-param name="streams" select="$streams"/>
          <xsl:with-param name="from" select="$first"/>
          <xsl:with-param name="target" select="$funding"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="string($month) != ''">
        <xsl:variable name="label">
          <xsl:call-template name="bp:month-label">
            <xsl:with-param name="index" select="$month"/>
          </xsl:call-template>
        </xsl:variable>
        <payback month="{$month}" label="{$label}" first="{$first}" start="{$start}"
                 after-award="{$month - $start}" savings-months="{$month - $first + 1}"
                 simple="{format-number($funding div (sum($streams/@m)), '0.0')}"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ status -->

  <!-- the statuses, most advanced first -->
  <xsl:variable name="bp-status-order"
                select="' operational implementing agreed agreed-subject-to-approval business-case options-appraisal under-consideration '"/>

  <xsl:template name="bp:status-counts">
    <xsl:variable name="all" select="/programme/workstreams/workstream"/>
    <xsl:for-each select="$all[not(@status = preceding-sibling::workstream/@status)]">
      <xsl:sort select="string-length(substring-before($bp-status-order, concat(' ', @status, ' ')))"
                data-type="number"/>
      <xsl:variable name="s" select="@status"/>
      <status value="{$s}" count="{count($all[@status = $s])}">
        <xsl:attribute name="label">
          <xsl:call-template name="bp:status-label"><xsl:with-param name="status" select="$s"/></xsl:call-template>
        </xsl:attribute>
      </status>
    </xsl:for-each>
  </xsl:template>

  <!-- "two are agreed, one is agreed subject to approval and one is under consideration" -->
  <xsl:template name="bp:status-summary">
    <xsl:variable name="rtf"><xsl:call-template name="bp:status-counts"/></xsl:variable>
    <xsl:for-each select="exsl:node-set($rtf)/status">
      <xsl:if test="position() > 1">
        <xsl:choose>
          <xsl:when test="position() = last()"> and </xsl:when>
          <xsl:otherwise>, </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:call-template name="bp:number-word"><xsl:with-param name="n" select="@count"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="@count = 1"> is </xsl:when>
        <xsl:otherwise> are </xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="@value = 'options-appraisal'">at options appraisal</xsl:when>
        <xsl:when test="@value = 'business-case'">at business case</xsl:when>
        <xsl:when test="@value = 'implementing'">being implemented</xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="translate(@label, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- ========================================================= sentences -->

  <!-- "Total estimated annual savings of £467,000 are 4.67 times the £100,000 of
       RCE funding: each £1 of the funding is expected to save £4.67 a year." -->
  <xsl:template name="bp:return-sentence">
    <xsl:variable name="f"><xsl:call-template name="bp:funding-amount"/></xsl:variable>
    <xsl:variable name="total" select="sum($bp-savings/money/@amount)"/>
    <xsl:text>Total estimated annual savings of </xsl:text>
    <xsl:call-template name="bp:money">
      <xsl:with-param name="amount" select="$total"/>
      <xsl:with-param name="currency" select="$bp-currency"/>
    </xsl:call-template>
    <xsl:if test="$f > 0">
      <xsl:variable name="ratio"><xsl:call-template name="bp:return-ratio"/></xsl:variable>
      <xsl:value-of select="concat(' are ', $ratio, ' times the ')"/>
      <xsl:call-template name="bp:money">
        <xsl:with-param name="amount" select="$f"/>
        <xsl:with-param name="currency" select="$bp-currency"/>
      </xsl:call-template>
      <xsl:text> of </xsl:text>
      <xsl:call-template name="bp:funding-source"/>
      <xsl:text> funding: each </xsl:text>
      <xsl:call-template name="bp:money">
        <xsl:with-param name="amount" select="1"/>
        <xsl:with-param name="currency" select="$bp-currency"/>
      </xsl:call-template>
      <xsl:text> of the funding is expected to save </xsl:text>
      <xsl:call-template name="bp:money">
        <xsl:with-param name="amount" select="format-number($total div $f, '0.00')"/>
        <xsl:with-param name="currency" select="$bp-currency"/>
      </xsl:call-template>
      <xsl:text> a year</xsl:text>
    </xsl:if>
    <xsl:text>.</xsl:text>
  </xsl:template>

  <!-- The award's source by its abbreviation when it has one: "RCE". -->
  <xsl:template name="bp:funding-source">
    <xsl:variable name="src" select="/programme/funding/award/source"/>
    <xsl:choose>
      <xsl:when test="$src/@abbr"><xsl:value-of select="$src/@abbr"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($src)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Counting each service's savings from the month it starts, the savings repay the
       funding by the end of June 2007: 3 months after the first service starts (April
       2007), and 2 years and 1 month after the funding was awarded (May 2005)."
       Nothing when there is no payback to speak of. -->
  <xsl:template name="bp:payback-sentence">
    <xsl:variable name="rtf"><xsl:call-template name="bp:payback"/></xsl:variable>
    <xsl:variable name="pb" select="exsl:node-set($rtf)/payback"/>
    <xsl:if test="$pb">
      <xsl:text>Counting each service’s savings from the month it starts, the savings repay the funding by the end of </xsl:text>
      <xsl:value-of select="$pb/@label"/>
      <xsl:text>: </xsl:text>
      <xsl:call-template name="bp:months-phrase"><xsl:with-param name="months" select="$pb/@savings-months"/></xsl:call-template>
      <xsl:text> after the first service starts (</xsl:text>
      <xsl:call-template name="bp:month-label"><xsl:with-param name="index" select="$pb/@first"/></xsl:call-template>
      <xsl:text>)</xsl:text>
      <xsl:if test="/programme/funding/award/awarded">
        <xsl:text>, and </xsl:text>
        <xsl:call-template name="bp:months-phrase"><xsl:with-param name="months" select="$pb/@after-award"/></xsl:call-template>
        <xsl:text> after the funding was awarded (</xsl:text>
        <xsl:call-template name="bp:month-label"><xsl:with-param name="index" select="$pb/@start"/></xsl:call-template>
        <xsl:text>)</xsl:text>
      </xsl:if>
      <xsl:text>.</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- "Of the four workstreams, two are agreed, ... ." -->
  <xsl:template name="bp:status-sentence">
    <xsl:text>Of the </xsl:text>
    <xsl:call-template name="bp:number-word">
      <xsl:with-param name="n" select="count(/programme/workstreams/workstream)"/>
    </xsl:call-template>
    <xsl:text> workstreams, </xsl:text>
    <xsl:call-template name="bp:status-summary"/>
    <xsl:text>.</xsl:text>
  </xsl:template>

</xsl:stylesheet>
